// Attune: `<attune-chat mode="inline">` rendering a `Conversation` whose transport is the
// scripted fake from `@attune/core/testing` — the history and every appended message
// arrive as server events (`text`), exactly as they would from a real server. A streamed
// reply is protocol v1.1: a `text` with `status: 'streaming'`, transient `delta`s, then the
// final `text` (markdown is on, the default).
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
let streamed = 0;
const STREAM_ID = 'reply';

const emit = (m: BenchMessage): void => transport!.emit({ type: 'text', id: m.id, from: m.from, text: m.text, at: (at += 1000) });
const list = (): ShadowRoot | null | undefined => chat?.shadowRoot?.querySelector('attune-message-list')?.shadowRoot;
const items = (): Element | null | undefined => list()?.querySelector('.items');

startBench({
  name: 'attune',
  mount(host, history) {
    transport = createScriptedTransport();
    // Buffered until the widget subscribes and the conversation connects.
    for (const m of history) emit(m);
    // Every subject renders the same text: the guardrails would drop the transcript's
    // repeated apologies and empathy phrases ("I am sorry about the wait" every few lines).
    conversation = createConversation({ transport, guardrails: false });
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
  stream: {
    async open(question) {
      emit(question);
      transport!.emit({ type: 'text', id: STREAM_ID, from: 'agent', text: '', status: 'streaming', at: (at += 1000) });
      await chat!.updateComplete;
    },
    chunk(text) {
      transport!.emit({ type: 'delta', id: STREAM_ID, offset: streamed, text });
      streamed += text.length;
    },
    close(full) {
      transport!.emit({ type: 'text', id: STREAM_ID, from: 'agent', text: full, status: 'sent', at: (at += 1000) });
    },
  },
});
