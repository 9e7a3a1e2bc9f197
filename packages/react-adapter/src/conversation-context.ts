'use client';
import { createContext, createElement, useContext } from 'react';
import type { ReactNode } from 'react';
import { AttuneError } from '@attune/core';
import type { Conversation } from '@attune/core';

const ConversationContext = createContext<Conversation | null>(null);

/** Props of {@link ConversationProvider}. */
export interface ConversationProviderProps {
  conversation: Conversation;
  children?: ReactNode;
}

/**
 * Makes a conversation available to every hook below it, so deep trees need not pass it
 * down. Hooks given a conversation argument use that one instead.
 *
 * @example
 * const { conversation } = useChat();
 * return <ConversationProvider conversation={conversation}><Transcript /></ConversationProvider>;
 */
export function ConversationProvider({ conversation, children }: ConversationProviderProps): ReactNode {
  return createElement(ConversationContext.Provider, { value: conversation }, children);
}

/** The given conversation, else the provider's; `hook` names the caller in the error. */
export function useResolvedConversation(conversation: Conversation | undefined, hook: string): Conversation {
  const provided = useContext(ConversationContext);
  const resolved = conversation ?? provided;
  if (!resolved) {
    throw new AttuneError(
      'config/invalid',
      `${hook}() found no conversation: pass one as an argument, or render this component inside <ConversationProvider conversation={…}>.`,
    );
  }
  return resolved;
}

/**
 * The conversation of the nearest {@link ConversationProvider}.
 * @throws `AttuneError` `config/invalid` when there is no provider above.
 * @example
 * function SendButton() {
 *   const conversation = useConversationContext();
 *   return <button onClick={() => conversation.send('Hello')}>Say hello</button>;
 * }
 */
export function useConversationContext(): Conversation {
  return useResolvedConversation(undefined, 'useConversationContext');
}
