'use client';
import { useEffect, useMemo, useReducer, useState } from 'react';
import { createConversation, memoryStorage } from '@attune/core';
import type { Conversation, ConversationOptions, ConversationSnapshot } from '@attune/core';
import { useConversation } from './use-conversation.js';

/** What {@link useChat} returns: the live snapshot, the conversation and its actions (stable identities). */
export interface UseChatResult extends Pick<ConversationSnapshot, 'messages' | 'status' | 'typing' | 'tone' | 'error'> {
  conversation: Conversation;
  send: Conversation['send'];
  confirmEcho: Conversation['confirmEcho'];
  correctEcho: Conversation['correctEcho'];
  choose: Conversation['choose'];
  requestHuman: Conversation['requestHuman'];
  rate: Conversation['rate'];
  end: Conversation['end'];
  retry: Conversation['retry'];
  /** Ends the reply that is streaming in (see `isStreaming`). */
  stop: Conversation['stop'];
  /** True while an agent reply is still streaming in (a text message with `streaming: true`). */
  isStreaming: boolean;
}

type Actions = Omit<UseChatResult, 'conversation' | 'messages' | 'status' | 'typing' | 'tone' | 'error' | 'isStreaming'>;

/** One per mount; mutable on purpose (like a ref) so the actions below never change identity. */
interface Owner {
  conversation: Conversation;
  /** The options with a fixed `id` and storage adapter, so a re-created conversation resumes this one. */
  options: ConversationOptions;
  mounted: boolean;
  disposed: boolean;
  actions: Actions;
}

function own(options: ConversationOptions): Owner {
  // Memory storage is per adapter: keep one for this mount, so that a conversation
  // re-created after a disposal (see below) restores the transcript and the outbox.
  const storage = options.storage === undefined || options.storage === 'memory' ? memoryStorage() : options.storage;
  const conversation = createConversation({ ...options, storage });
  const owner: Owner = {
    conversation,
    options: { ...options, storage, id: conversation.id },
    mounted: false,
    disposed: false,
    actions: {
      send: (text) => owner.conversation.send(text),
      confirmEcho: (echoId) => owner.conversation.confirmEcho(echoId),
      correctEcho: (echoId, text) => owner.conversation.correctEcho(echoId, text),
      choose: (pickerId, optionId) => owner.conversation.choose(pickerId, optionId),
      requestHuman: () => owner.conversation.requestHuman(),
      rate: (score, comment) => owner.conversation.rate(score, comment),
      end: () => owner.conversation.end(),
      retry: (messageId) => owner.conversation.retry(messageId),
      stop: (messageId) => owner.conversation.stop(messageId),
    },
  };
  return owner;
}

/**
 * Creates a conversation for this component and owns it: it connects when the component
 * mounts (the core connects lazily, on the first subscribe or send) and is disposed when
 * it unmounts. `options` are read once, on mount; to start over, remount with a new `key`.
 * During server rendering nothing connects: the empty snapshot renders.
 *
 * @example
 * function Chat() {
 *   const { messages, send } = useChat({ transport: httpTransport({ url: '/support' }), storage: 'session' });
 *   return <ul>{messages.map((m) => <li key={m.id}>{m.kind === 'text' ? m.text : m.kind}</li>)}</ul>;
 * }
 */
export function useChat(options: ConversationOptions = {}): UseChatResult {
  // Created during render, but inert until subscribed: a render React throws away (StrictMode
  // renders twice) leaves an unconnected object behind, nothing to clean up.
  const [owner] = useState(() => own(options));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    owner.mounted = true;
    if (owner.disposed) {
      // Effects were torn down long enough for the disposal to run (e.g. inside a hidden
      // <Activity>): resume with the same id and storage, so the outbox is restored.
      owner.conversation = createConversation(owner.options);
      owner.disposed = false;
      rerender();
    }
    return () => {
      owner.mounted = false;
      // StrictMode unmounts and re-mounts effects within one task, so disposal waits a
      // microtask and is skipped when the component came back: one connection, no lost or
      // duplicated sends, and never a disposed conversation in a mounted component.
      queueMicrotask(() => {
        if (owner.mounted || owner.disposed) return;
        owner.disposed = true;
        owner.conversation.dispose();
      });
    };
  }, [owner]);
  const { messages, status, typing, tone, error } = useConversation(owner.conversation);
  const isStreaming = useMemo(() => messages.some((m) => m.kind === 'text' && m.streaming === true), [messages]);
  return { conversation: owner.conversation, messages, status, typing, tone, error, isStreaming, ...owner.actions };
}
