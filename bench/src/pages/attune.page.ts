// Attune: `<attune-chat mode="inline">` rendering a `Conversation` whose transport is the
// scripted fake from `@attune/core/testing` — the history and every appended message
// arrive as server events (`text`), exactly as they would from a real server.
import '@attune/widget';
import type { AttuneChat } from '@attune/widget';
import { createConversation, type Conversation } from '@attune/core';
import { createScriptedTransport, type ScriptedTransport } from '@attune/core/testing';
import type { BenchMessage } from '../transcript.js';
import { startBench } from './harness.js';

let chat: AttuneChat | undefined;
let transport: ScriptedTransport | undefined;
let conversation: Conversation | undefined;
let at = Date.UTC(2025, 0, 1);

const emit = (m: BenchMessage): void => transport!.emit({ type: 'text', id: m.id, from: m.from, text: m.text, at: (at += 1000) });
const list = (): ShadowRoot | null | undefined => chat?.shadowRoot?.querySelector('attune-message-list')?.shadowRoot;
const items = (): Element | null | undefined => list()?.querySelector('.items');

startBench({
  name: 'attune',
  mount(host, history) {
    transport = createScriptedTransport();
    // Buffered until the widget subscribes and the conversation connects.
    for (const m of history) emit(m);
    conversation = createConversation({ transport });
    chat = document.createElement('attune-chat');
    chat.mode = 'inline';
    chat.conversation = conversation;
    chat.style.height = '100%';
    host.append(chat);
  },
  append(message) {
    emit(message);
  },
  ready: () => !!chat?.shadowRoot?.querySelector('attune-composer')?.shadowRoot?.querySelector('textarea'),
  count: () => items()?.querySelectorAll('[part~="message"]').length ?? 0,
  lastText: () => items()?.lastElementChild?.textContent ?? '',
});
