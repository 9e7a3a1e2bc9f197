import type { StorageAdapter } from '../conversation.types.js';

/**
 * Keeps values in memory: lost on reload, but shared by conversations given the same
 * adapter (so a "reload" can be simulated by creating a new conversation over it).
 *
 * @example
 * const storage = memoryStorage();
 * createConversation({ storage, id: 'c1' });
 */
export function memoryStorage(): StorageAdapter {
  const map = new Map<string, string>();
  const listeners = new Map<string, Set<() => void>>();
  // Later, like the browser's `storage` event, so a writer never re-enters itself.
  const changed = (key: string): void => {
    for (const listener of listeners.get(key) ?? []) queueMicrotask(listener);
  };
  return {
    // Stored as JSON so callers never share (and mutate) the stored object.
    get: (key) => {
      const raw = map.get(key);
      return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
    },
    set(key, value) {
      map.set(key, JSON.stringify(value));
      changed(key);
    },
    remove(key) {
      map.delete(key);
      changed(key);
    },
    subscribe(key, listener) {
      const set = listeners.get(key) ?? new Set();
      listeners.set(key, set.add(listener));
      return () => void set.delete(listener);
    },
  };
}
