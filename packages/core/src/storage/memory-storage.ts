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
  return {
    // Stored as JSON so callers never share (and mutate) the stored object.
    get: (key) => {
      const raw = map.get(key);
      return raw === undefined ? undefined : JSON.parse(raw);
    },
    set: (key, value) => void map.set(key, JSON.stringify(value)),
    remove: (key) => void map.delete(key),
  };
}
