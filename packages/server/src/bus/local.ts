import type { Bus, BusMessage } from './types.js';

/**
 * The in-process bus: one server process, so a publish reaches every subscriber of that
 * conversation directly. A handler that throws is isolated from the others.
 */
export function localBus(): Bus {
  const handlers = new Map<string, Set<(message: BusMessage) => void>>();
  return {
    publish(message) {
      for (const handler of [...(handlers.get(message.conversationId) ?? [])]) {
        try {
          handler(message);
        } catch (error) {
          console.error('attune: a bus handler failed', error);
        }
      }
      return Promise.resolve();
    },
    subscribe(conversationId, handler) {
      let set = handlers.get(conversationId);
      if (!set) handlers.set(conversationId, (set = new Set()));
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(conversationId) === set) handlers.delete(conversationId);
      };
    },
    close() {
      handlers.clear();
      return Promise.resolve();
    },
  };
}
