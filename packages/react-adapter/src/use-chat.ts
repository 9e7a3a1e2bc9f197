'use client';
import { useEffect, useMemo, useReducer, useState } from 'react';
import { createConversationOwner } from '@attune/core';
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
  /** Thumbs up / down (optional reason) on an agent or bot message; `null` clears it (shows as the message's `feedback`). */
  feedback: Conversation['feedback'];
  /** True while an agent reply is still streaming in (a text message with `streaming: true`). */
  isStreaming: boolean;
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
  const [owner] = useState(() => createConversationOwner(options));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    // StrictMode detaches and re-attaches within one task: the owner keeps the one
    // conversation. After a longer absence (a hidden <Activity>) it is re-created with the
    // same id and storage, and this component renders the new one.
    if (owner.attach()) rerender();
    return () => {
      owner.detach();
    };
  }, [owner]);
  const { messages, status, typing, tone, error } = useConversation(owner.conversation);
  const isStreaming = useMemo(() => messages.some((m) => m.kind === 'text' && m.streaming === true), [messages]);
  return { conversation: owner.conversation, messages, status, typing, tone, error, isStreaming, ...owner.actions };
}
