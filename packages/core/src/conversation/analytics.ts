import { AttuneError } from '../errors.js';
import type { AnalyticsEvent, AnalyticsEventMap, AnalyticsEventType, Conversation } from '../conversation.types.js';
import type { Message } from '../types.js';

export interface Analytics {
  on: Conversation['on'];
  emit: <K extends AnalyticsEventType>(type: K, payload: AnalyticsEventMap[K]) => void;
  /** Delivers what was emitted before anyone could listen (e.g. a storage fallback while constructing), then emits directly. */
  start(): void;
  /** The analytics a new or changed incoming message stands for. */
  received(prev: Message | undefined, message: Message): void;
}

/**
 * The typed analytics events of one conversation. Until `start` they wait in a buffer,
 * so handlers attached right after `createConversation` still see early warnings.
 * A throwing handler never breaks the conversation: it becomes a `warning`.
 */
export function createAnalytics(conversationId: string): Analytics {
  const handlers = new Map<string, Set<(event: AnalyticsEvent) => void>>();
  let early: (() => void)[] | undefined = [];

  const deliver = (type: AnalyticsEventType, payload: object): void => {
    const event = { type, conversationId, at: Date.now(), ...payload } as AnalyticsEvent;
    for (const key of [type, '*']) {
      for (const handler of handlers.get(key) ?? []) {
        try {
          handler(event);
        } catch (cause) {
          if (type !== 'warning') deliver('warning', { error: new AttuneError('config/invalid', `An analytics handler for "${type}" threw`, { cause }) });
        }
      }
    }
  };

  const emit: Analytics['emit'] = (type, payload) => {
    if (early) early.push(() => deliver(type, payload));
    else deliver(type, payload);
  };

  return {
    on(type, handler) {
      let set = handlers.get(type);
      if (!set) handlers.set(type, (set = new Set()));
      const h = handler as (event: AnalyticsEvent) => void;
      set.add(h);
      return () => void set.delete(h);
    },
    emit,
    start() {
      const waiting = early;
      early = undefined;
      for (const send of waiting ?? []) send();
    },
    received(prev, message) {
      const isNew = !prev;
      switch (message.kind) {
        case 'echo':
          if (isNew) emit('echoShown', { echoId: message.id, about: message.about });
          break;
        case 'text':
          // Once per message, when it first carries the tag: a streamed reply may be tagged
          // only by its final text, after the start already arrived untagged.
          if (message.from === 'agent' && message.tags?.includes('apology') && !(prev?.kind === 'text' && prev.tags?.includes('apology')))
            emit('apologyUsed', { messageId: message.id });
          break;
        case 'choice':
          if (isNew && message.purpose === 'handoff') emit('handoffOffered', { messageId: message.id });
          break;
        case 'handoff':
          if (prev?.kind === 'handoff' && prev.state === message.state) break;
          if (message.state === 'offered') emit('handoffOffered', { messageId: message.id, ...(message.reason ? { reason: message.reason } : {}) });
          else emit('handoffChanged', { messageId: message.id, state: message.state, ...(message.reason ? { reason: message.reason } : {}) });
          break;
        case 'recap':
          if (isNew) emit('recapShown', { recapId: message.id, resolved: message.resolved });
          break;
        case 'csat':
          break;
      }
    },
  };
}
