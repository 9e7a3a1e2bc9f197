import { AttuneError } from '../errors.js';
import type { Analytics } from '../conversation/analytics.js';
import type { Store } from '../conversation/store.js';
import type { GuardrailOptions } from './guardrails.js';

/** Runs the guardrails over an agent message; `preload` fetches them ahead of the first reply. */
export interface LazyGuard {
  (id: string, silent?: boolean): void;
  preload(): void;
}

/**
 * The guardrails without their ≈2.5 KB in every first load: fetched when the conversation
 * starts (in parallel with the connection, so they are there before a reply is), and run
 * over anything that arrived meanwhile, in transcript order, as soon as they are.
 */
export function lazyGuard(store: Store, emit: Analytics['emit'], options: GuardrailOptions): LazyGuard {
  const max = options.maxApologies;
  // Checked here, not in the chunk: a bad setting fails createConversation, not a later load.
  if (max !== undefined && !(Number.isInteger(max) && max >= 0))
    throw new AttuneError('config/invalid', `guardrails.maxApologies must be a whole number ≥ 0 (got ${String(max)})`);
  let run: ((id: string, silent?: boolean) => void) | undefined;
  let loading: Promise<void> | undefined;
  // Ids waiting for the guardrails, and whether only silently (restored, already reported).
  const waiting = new Map<string, boolean>();
  const preload = (): void => {
    loading ??= import('./wire.js').then(
      ({ guardInto }) => {
        const guard = (run = guardInto(store, emit, options));
        for (const m of store.state.snapshot.messages) if (waiting.has(m.id)) guard(m.id, waiting.get(m.id));
        waiting.clear();
      },
      // Not loaded (offline?): agent text shows as sent; the next message tries again.
      () => void (loading = undefined),
    );
  };
  const guard = ((id: string, silent = false): void => {
    if (run) return run(id, silent);
    waiting.set(id, silent && (waiting.get(id) ?? true));
    // A restored transcript waits for the start: creating a conversation fetches nothing.
    if (!silent) preload();
  }) as LazyGuard;
  guard.preload = preload;
  return guard;
}
