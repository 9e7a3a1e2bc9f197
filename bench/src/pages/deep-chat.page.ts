// deep-chat: history through the `history` property, appends through `addMessage`. A
// streamed reply is its own streaming API: a `connect` handler with `stream: true` that gets
// the question from `submitUserMessage` (set at mount, on the `?stream` page), then `signals.onResponse({ text })` per chunk and
// `signals.onClose()` (deep-chat renders markdown by default, as Attune does).
import 'deep-chat';
import type { DeepChat } from 'deep-chat';
import type { Signals } from 'deep-chat/dist/types/handler';
import { startBench } from './harness.js';

let chat: DeepChat | undefined;
let signals: Signals | undefined;
let opened: (() => void) | undefined;
let last: Promise<void> | undefined;
const role = (from: string): string => (from === 'customer' ? 'user' : 'ai');
const messages = (): Element | null | undefined => chat?.shadowRoot?.querySelector('#messages');

startBench({
  name: 'deep-chat',
  mount(host, history) {
    chat = document.createElement('deep-chat');
    // A custom handler is how an app connects its own backend; it also drops the "Connect to any API" intro.
    chat.connect = new URLSearchParams(location.search).has('stream')
      ? {
          stream: true,
          handler: (_body, s) => {
            signals = s;
            s.onOpen();
            opened?.();
          },
        }
      : { handler: (_body, s) => void s.onResponse({ text: 'OK' }) };
    chat.history = history.map((m) => ({ role: role(m.from), text: m.text }));
    chat.style.width = '100%';
    chat.style.height = '100%';
    host.append(chat);
  },
  append(message) {
    chat!.addMessage({ role: role(message.from), text: message.text });
  },
  ready: () => !!chat?.shadowRoot?.querySelector('#text-input'),
  count: () => messages()?.querySelectorAll('.message-bubble').length ?? 0,
  stream: {
    async open(question) {
      await new Promise<void>((resolve) => {
        opened = resolve;
        chat!.submitUserMessage({ text: question.text });
      });
    },
    chunk(text) {
      last = signals!.onResponse({ text });
    },
    async close() {
      // `onResponse` processes a chunk asynchronously and `onClose` drops any still pending.
      await last;
      signals!.onClose();
    },
  },
  lastText: () => {
    const bubbles = messages()?.querySelectorAll('.message-bubble');
    return bubbles?.[bubbles.length - 1]?.textContent ?? '';
  },
});
