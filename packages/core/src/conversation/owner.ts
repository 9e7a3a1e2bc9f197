import type { Conversation, ConversationOptions } from '../conversation.types.js';
import { memoryStorage } from '../storage/memory-storage.js';
import { createConversation } from './conversation.js';

/** The actions of a {@link ConversationOwner}: stable functions that always reach its current conversation. */
export type OwnedActions = Pick<
  Conversation,
  'send' | 'confirmEcho' | 'correctEcho' | 'choose' | 'requestHuman' | 'rate' | 'end' | 'retry' | 'stop' | 'feedback'
>;

/**
 * A conversation owned by one UI host (a React component, a custom element): created
 * once, disposed when the host goes away, and revived with the same id and storage when
 * it comes back — so a detach/attach in one task (React StrictMode, a DOM move) keeps one
 * connection, and a longer absence (a hidden React `<Activity>`) restores the transcript
 * and the outbox.
 */
export interface ConversationOwner {
  readonly conversation: Conversation;
  readonly actions: OwnedActions;
  /** The host is attached. True when a disposed conversation was re-created (re-render). */
  attach(): boolean;
  /** The host detached: the conversation is disposed at the end of this task unless it attaches again. */
  detach(): void;
  /** Disposes now, for good (e.g. the host's configuration changed). */
  dispose(): void;
}

/**
 * Creates a conversation for a UI host and owns it (see {@link ConversationOwner}); the
 * one implementation behind `useChat` and `<attune-chat>`.
 *
 * @example
 * const owner = createConversationOwner({ transport });
 * host.onConnect(() => owner.attach());
 * host.onDisconnect(() => owner.detach());
 */
export function createConversationOwner(options: ConversationOptions = {}): ConversationOwner {
  // Memory storage belongs to the owner, so a conversation re-created after a disposal
  // restores the transcript and the outbox of the one before.
  const storage = options.storage === undefined || options.storage === 'memory' ? memoryStorage() : options.storage;
  let conversation = createConversation({ ...options, storage });
  const resume: ConversationOptions = { ...options, storage, id: conversation.id };
  let attached = false;
  let disposed = false;
  let final = false;
  return {
    get conversation() {
      return conversation;
    },
    actions: {
      send: (text, sendOptions) => conversation.send(text, sendOptions),
      confirmEcho: (echoId) => {
        conversation.confirmEcho(echoId);
      },
      correctEcho: (echoId, text) => {
        conversation.correctEcho(echoId, text);
      },
      choose: (pickerId, optionId) => {
        conversation.choose(pickerId, optionId);
      },
      requestHuman: () => {
        conversation.requestHuman();
      },
      rate: (score, comment) => {
        conversation.rate(score, comment);
      },
      end: () => {
        conversation.end();
      },
      retry: (messageId) => {
        conversation.retry(messageId);
      },
      stop: (messageId) => {
        conversation.stop(messageId);
      },
      feedback: (messageId, value, reason) => {
        conversation.feedback(messageId, value, reason);
      },
    },
    attach() {
      attached = true;
      if (!disposed || final) return false;
      conversation = createConversation(resume);
      disposed = false;
      return true;
    },
    detach() {
      attached = false;
      queueMicrotask(() => {
        if (attached || disposed) return;
        disposed = true;
        conversation.dispose();
      });
    },
    dispose() {
      final = true;
      attached = false;
      if (disposed) return;
      disposed = true;
      conversation.dispose();
    },
  };
}
