import { AttuneError } from '../errors.js';
import type { StorageAdapter } from '../conversation.types.js';
import { memoryStorage } from './memory-storage.js';

interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface WebStorageOptions {
  /** Called once when the adapter falls back to memory (`storage/unavailable` or `storage/quota`). */
  onFallback?: (error: AttuneError) => void;
}

/**
 * `localStorage` or `sessionStorage`, reached through `globalThis` and guarded: where
 * the storage is missing, throws (privacy modes, sandboxed iframes) or is full, the
 * adapter falls back to memory and reports it through `onFallback`.
 *
 * @example
 * createConversation({ storage: webStorage('local'), id: savedId });
 */
export function webStorage(kind: 'local' | 'session', options: WebStorageOptions = {}): StorageAdapter {
  const name = kind === 'local' ? 'localStorage' : 'sessionStorage';
  const memory = memoryStorage();
  let store: WebStorageLike | null | undefined;
  const fallback = (code: 'storage/unavailable' | 'storage/quota', cause?: unknown): null => {
    if (store !== null) {
      store = null;
      options.onFallback?.(
        new AttuneError(
          code,
          code === 'storage/quota' ? `${name} is full; keeping this conversation in memory` : `${name} is unavailable; keeping this conversation in memory`,
          { cause },
        ),
      );
    }
    return null;
  };
  const resolve = (): WebStorageLike | null => {
    if (store !== undefined) return store;
    try {
      const candidate = (globalThis as Record<string, unknown>)[name] as WebStorageLike | undefined;
      if (!candidate || typeof candidate.getItem !== 'function') return fallback('storage/unavailable');
      return (store = candidate);
    } catch (cause) {
      return fallback('storage/unavailable', cause);
    }
  };
  const isQuota = (e: unknown): boolean => {
    const err = e as { name?: string; code?: number } | null;
    return !!err && (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED' || err.code === 22);
  };
  return {
    get(key) {
      const s = resolve();
      if (!s) return memory.get(key);
      try {
        const raw = s.getItem(key);
        return raw === null ? undefined : (JSON.parse(raw) as unknown);
      } catch (cause) {
        // Unparseable leftovers are treated as absent rather than breaking the page.
        if (cause instanceof SyntaxError) return undefined;
        fallback('storage/unavailable', cause);
        return memory.get(key);
      }
    },
    set(key, value) {
      const s = resolve();
      if (s) {
        try {
          s.setItem(key, JSON.stringify(value));
          return;
        } catch (cause) {
          fallback(isQuota(cause) ? 'storage/quota' : 'storage/unavailable', cause);
        }
      }
      void memory.set(key, value);
    },
    subscribe(key, changed) {
      // Headless: the `storage` event is reached only where the host has one (browsers fire
      // it in the other tabs of the origin, never in the one that wrote).
      const target = globalThis as {
        addEventListener?: (type: string, listener: (event: { key?: string | null }) => void) => void;
        removeEventListener?: (type: string, listener: (event: { key?: string | null }) => void) => void;
      };
      if (typeof target.addEventListener !== 'function') return () => undefined;
      const listener = (event: { key?: string | null }): void => {
        // A null key is `clear()`.
        if (event.key === key || event.key === null) changed();
      };
      target.addEventListener('storage', listener);
      return () => target.removeEventListener?.('storage', listener);
    },
    remove(key) {
      void memory.remove(key);
      try {
        resolve()?.removeItem(key);
      } catch (cause) {
        fallback('storage/unavailable', cause);
      }
    },
  };
}
