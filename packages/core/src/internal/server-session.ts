import { AttuneError } from '../errors.js';
import type { TransportContext } from '../conversation.types.js';

/** What a server transport keeps per conversation: the server's id and token for it. */
export interface ServerSession {
  /** The conversation id the server issued. */
  id: string;
  /** The customer token the server issued with it. */
  token: string;
  /**
   * Added to every server `seq` before the conversation sees it. When the server log is
   * reset (a new server conversation, or a log restored from backup), `base` moves to the
   * client's last seq, so replies in the new log are never hidden as "already seen".
   */
  base: number;
}

export interface SessionOptions {
  url: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  headers: () => Record<string, string>;
  /** An identity token minted by the embedding site for its logged-in user (sent when a conversation is created). */
  identity?: string | (() => string | Promise<string>) | undefined;
}

const isSession = (value: unknown): value is ServerSession =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ServerSession).id === 'string' &&
  typeof (value as ServerSession).token === 'string' &&
  Number.isSafeInteger((value as ServerSession).base) &&
  (value as ServerSession).base >= 0;

/**
 * Obtains, keeps and renews the server-issued conversation id + customer token behind a
 * client conversation, transparently: the first connect creates the server conversation,
 * the session is stored with the conversation's storage (so a reload resumes it), and a
 * 401/403/404 starts a fresh server conversation with a coded `transport/session` error.
 */
export function serverSessions(options: SessionOptions) {
  let current: ServerSession | undefined;
  let pending: Promise<ServerSession> | undefined;
  const key = (ctx: TransportContext): string => `attune:server:${ctx.conversationId}`;

  const create = async (ctx: TransportContext): Promise<ServerSession> => {
    const identity = typeof options.identity === 'function' ? await options.identity() : options.identity;
    let res: Response;
    try {
      res = await options.fetch(`${options.url.replace(/\/+$/, '')}/conversations`, {
        method: 'POST',
        headers: { ...options.headers(), 'content-type': 'application/json' },
        body: JSON.stringify(identity === undefined ? {} : { identity }),
        signal: ctx.signal,
      });
    } catch (cause) {
      throw new AttuneError('transport/unreachable', 'Could not reach the server', { cause, retryable: true });
    }
    const body = (await res.json().catch(() => undefined)) as { id?: unknown; token?: unknown } | undefined;
    if (!res.ok || typeof body?.id !== 'string' || typeof body.token !== 'string') {
      throw new AttuneError('transport/http', `Could not start a conversation: HTTP ${res.status}`, { retryable: res.status >= 500 || res.status === 429 });
    }
    // Seqs of a new server log start above everything this client has seen.
    const session: ServerSession = { id: body.id, token: body.token, base: ctx.lastSeq() };
    await save(ctx, session);
    return session;
  };

  const save = async (ctx: TransportContext, session: ServerSession | undefined): Promise<void> => {
    current = session;
    try {
      if (session) await ctx.storage?.set(key(ctx), session);
      else await ctx.storage?.remove(key(ctx));
    } catch {
      // Storage is best effort here: without it, a reload starts a new server conversation.
    }
  };

  return {
    /** The session, created on first use (one request however many callers wait). */
    get(ctx: TransportContext): Promise<ServerSession> {
      if (current) return Promise.resolve(current);
      pending ??= (async () => {
        const stored: unknown = await Promise.resolve(ctx.storage?.get(key(ctx))).catch(() => undefined);
        return isSession(stored) ? (current = stored) : await create(ctx);
      })().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    /** The server refused the session (401/403/404): forget it and say so; the next `get` makes a new one. */
    async refused(ctx: TransportContext, status: number): Promise<void> {
      await save(ctx, undefined);
      ctx.error(
        new AttuneError('transport/session', `The server no longer knows this conversation (HTTP ${status}); a new conversation was started`, {
          retryable: true,
        }),
      );
    },
    /** The server's log was reset: later seqs continue above what the client has seen. */
    async rebase(ctx: TransportContext): Promise<void> {
      if (current) await save(ctx, { ...current, base: ctx.lastSeq() });
    },
    /** A context whose events carry seqs shifted by the session's base. */
    shifted(ctx: TransportContext, session: ServerSession): TransportContext {
      return {
        ...ctx,
        receive: (event) => {
          // Anything that is not an object goes through untouched: the conversation validates and reports it.
          // Typed as an event, but this is the raw input the conversation validates after us.
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
          const seq = typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as { seq?: unknown }).seq : undefined;
          const base = (current ?? session).base;
          ctx.receive(typeof seq === 'number' && base > 0 ? { ...event, seq: seq + base } : event);
        },
      };
    },
  };
}

/** HTTP statuses meaning "this conversation or token is not valid here". */
export const isRefusal = (status: number): boolean => status === 401 || status === 403 || status === 404;
