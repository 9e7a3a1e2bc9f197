// @nlux/core (vanilla JS, nova theme): history through `withInitialConversation`. nlux has
// no public call that adds a message, so an append is what its users see: a prompt sent
// from the composer (typed, then the send button), answered at once by the adapter.
import { createAiChat, type AiChat, type ChatItem } from '@nlux/core';
import '@nlux/themes/nova.css';
import { startBench } from './harness.js';

let chat: AiChat | undefined;
let root: HTMLElement | undefined;
let reply = 'OK';

const sendButton = (): HTMLButtonElement => root!.querySelector<HTMLButtonElement>('.nlux-comp-composer button')!;
const bubbles = (): NodeListOf<Element> | undefined => root?.querySelectorAll('.nlux-comp-message');

startBench({
  name: 'nlux',
  mount(host, history) {
    root = host;
    const items: ChatItem[] = history.map((m) => (m.from === 'customer' ? { role: 'user', message: m.text } : { role: 'assistant', message: m.text }));
    chat = createAiChat()
      .withAdapter({ batchText: async () => reply })
      .withMessageOptions({ skipStreamingAnimation: true })
      .withDisplayOptions({ height: '100%', width: '100%' });
    if (items.length) chat.withInitialConversation(items);
    chat.mount(host);
  },
  async prepare(message) {
    const textarea = root!.querySelector<HTMLTextAreaElement>('.nlux-comp-composer textarea')!;
    textarea.value = message.text;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    // nlux enables its send button in a later task.
    for (let i = 0; i < 100 && sendButton().disabled; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    reply = `Reply to ${message.id}`;
  },
  append() {
    sendButton().click();
  },
  ready: () => !!root?.querySelector('.nlux-comp-composer textarea'),
  count: () => bubbles()?.length ?? 0,
  // The prompt is the appended message; the adapter's reply may already follow it.
  lastText: () => {
    const all = bubbles();
    return all ? `${all[all.length - 2]?.textContent ?? ''}\n${all[all.length - 1]?.textContent ?? ''}` : '';
  },
});
