'use client';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Conversation, ConversationSnapshot } from '@attune/core';

/** What {@link useConversation} reads: any object with a conversation's `subscribe` and `getSnapshot`. */
export type ConversationStore = Pick<Conversation, 'subscribe' | 'getSnapshot'>;

/** Picks the part of the snapshot a component renders. */
export type Selector<T> = (snapshot: ConversationSnapshot) => T;

// Only used when no selector is given, i.e. T is the snapshot itself.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
const identity = <T>(snapshot: ConversationSnapshot): T => snapshot as T;

/**
 * Subscribes a component to a conversation through `useSyncExternalStore`. With a
 * `selector`, the component re-renders only when the selected slice changes, compared
 * with `isEqual` (default `Object.is`; use {@link shallowEqual} for selectors that build
 * arrays or objects). The server snapshot is the conversation's own: it is plain data.
 *
 * @example
 * const status = useConversation(conversation, (s) => s.status);
 * const { messages } = useConversation(conversation);
 */
export function useConversation(conversation: ConversationStore): ConversationSnapshot;
export function useConversation<T>(conversation: ConversationStore, selector: Selector<T>, isEqual?: (a: T, b: T) => boolean): T;
export function useConversation<T>(conversation: ConversationStore, selector: Selector<T> = identity, isEqual: (a: T, b: T) => boolean = Object.is): T {
  // The last selection React committed: a selector passed inline is a new function each
  // render, and comparing with this keeps the result referentially stable across renders.
  const committed = useRef<{ value: T } | undefined>(undefined);
  const subscribe = useCallback((listener: () => void) => conversation.subscribe(listener), [conversation]);
  const getSelection = useMemo(() => {
    // Memoised per snapshot: React calls this many times per render and on every notify.
    let last: { snapshot: ConversationSnapshot; value: T } | undefined;
    return (): T => {
      const snapshot = conversation.getSnapshot();
      if (last?.snapshot === snapshot) return last.value;
      const next = selector(snapshot);
      const prev = last ?? committed.current;
      last = { snapshot, value: prev && isEqual(prev.value, next) ? prev.value : next };
      return last.value;
    };
  }, [conversation, selector, isEqual]);
  const value = useSyncExternalStore(subscribe, getSelection, getSelection);
  useEffect(() => {
    committed.current = { value };
  }, [value]);
  return value;
}
