'use client';
import { useSyncExternalStore } from 'react';
import type { Conversation, ConversationSnapshot } from '@attune/core';

/** Subscribes to a conversation's snapshot (placeholder while the adapter is built). */
export function useConversation(conversation: Pick<Conversation, 'subscribe' | 'getSnapshot'>): ConversationSnapshot {
  return useSyncExternalStore(conversation.subscribe, conversation.getSnapshot, conversation.getSnapshot);
}
