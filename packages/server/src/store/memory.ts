import { StoreError } from '../errors.js';
import { createdIn, emptyMeta, eventBytes, page, record, revocationList, stamp, type LogState } from './log.js';
import type { ConversationStore } from './types.js';

/**
 * Keeps every conversation in this process's memory: for tests and throwaway demos (a
 * restart loses everything; returning clients get 404 and start afresh).
 */
export function memoryStore(): ConversationStore {
  const conversations = new Map<string, LogState>();
  const revoked = revocationList();
  const get = (id: string): LogState => {
    const state = conversations.get(id);
    if (!state) throw new StoreError('store/not-found', `No conversation ${id}`);
    return state;
  };
  return {
    create(id, at) {
      if (conversations.has(id)) return Promise.reject(new StoreError('store/exists', `Conversation ${id} exists`));
      const state: LogState = { meta: emptyMeta(id, at), events: [], keys: new Map() };
      conversations.set(id, state);
      return Promise.resolve({ ...state.meta });
    },
    get(id) {
      const state = conversations.get(id);
      return Promise.resolve(state && { ...state.meta });
    },
    async append(id, input) {
      const state = get(id);
      const result = stamp(state, input);
      if (!result.duplicate) record(state, result.event, input.key, eventBytes(result.event), Date.now());
      return result;
    },
    async read(id, since, limit) {
      const events = get(id).events.slice(Math.max(0, since));
      return limit === undefined ? events : events.slice(0, limit);
    },
    async setState(id, state) {
      get(id).meta.state = state;
    },
    async list(query) {
      return page(
        [...conversations.values()].map((s) => s.meta),
        query,
      );
    },
    async createdBetween(from, to, limit) {
      return createdIn(
        [...conversations.values()].map((s) => s.meta),
        from,
        to,
        limit,
      );
    },
    async prune(before) {
      let removed = 0;
      for (const [id, state] of conversations) {
        if (state.meta.updatedAt < before) {
          conversations.delete(id);
          removed++;
        }
      }
      return removed;
    },
    async close() {
      conversations.clear();
    },
    async revokeSession(sid, expiresAt) {
      revoked.add(sid, expiresAt, Date.now());
    },
    async sessionRevoked(sid) {
      return revoked.has(sid, Date.now());
    },
  };
}
