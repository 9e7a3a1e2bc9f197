// deep-chat: history through the `history` property, appends through `addMessage`.
import 'deep-chat';
import type { DeepChat } from 'deep-chat';
import { startBench } from './harness.js';

let chat: DeepChat | undefined;
const role = (from: string): string => (from === 'customer' ? 'user' : 'ai');
const messages = (): Element | null | undefined => chat?.shadowRoot?.querySelector('#messages');

startBench({
  name: 'deep-chat',
  mount(host, history) {
    chat = document.createElement('deep-chat');
    // A custom handler is how an app connects its own backend; it also drops the "Connect to any API" intro.
    chat.connect = { handler: (_body, signals) => void signals.onResponse({ text: 'OK' }) };
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
  lastText: () => {
    const bubbles = messages()?.querySelectorAll('.message-bubble');
    return bubbles?.[bubbles.length - 1]?.textContent ?? '';
  },
});
