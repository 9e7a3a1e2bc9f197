// Customer routes: create a conversation, post events, stream (SSE) and the WebSocket.
// Every conversation route needs that conversation's token; cross-origin only for
// `allowedOrigins`.
import { isMessageId } from '@attune/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppContext } from '../app.js';
import { bearer, checkCustomerToken, checkIdentityToken, issueCustomerToken, newConversationId, type CustomerClaims } from '../auth/tokens.js';
import type { WireEvent } from '../conversations.js';
import { errorBody, HttpError, toHttpError } from '../errors.js';
import { parseIncoming } from './events.js';

/** Frames waiting for the rate limit, per socket and across all sockets. */
const MAX_QUEUED_PER_SOCKET = 1000;
const MAX_QUEUED_TOTAL = 20_000;
const queuedFrames = { count: 0 };
/** How long a socket may take to send its `auth` frame (ms). */
const AUTH_TIMEOUT_MS = 10_000;

function conversationIdOf(req: FastifyRequest): string {
  const id = (req.params as { id?: unknown }).id;
  if (typeof id !== 'string' || !isMessageId(id)) throw new HttpError(400, 'conversation/id', 'Conversation ids are 1–128 letters, digits, _ or -');
  return id;
}

function sinceOf(req: FastifyRequest): number {
  const query = req.query as { since?: unknown };
  const raw = query.since ?? req.headers['last-event-id'] ?? '0';
  const value = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new HttpError(400, 'request/since', '`since` must be a whole number ≥ 0');
  return value;
}

export function customerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { config, service, secret } = ctx;

  const guardOrigin = (req: FastifyRequest): void => {
    if (!ctx.originAllowed(req)) throw new HttpError(403, 'origin/forbidden', 'This origin may not use this server');
  };
  const authorize = async (req: FastifyRequest, id: string, token = bearer(req.headers.authorization)): Promise<CustomerClaims> => {
    const claims = checkCustomerToken(secret, token, id);
    await service.meta(id);
    return claims;
  };

  app.post('/conversations', async (req, reply) => {
    guardOrigin(req);
    const ip = req.ip;
    const perIp = ctx.newPerIp.take(ip);
    const total = perIp === 0 ? ctx.newTotal.take('*') : 0;
    const wait = Math.max(perIp, total);
    if (wait > 0)
      throw new HttpError(429, 'rate/new-conversations', 'Too many new conversations; retry later', undefined, {
        'retry-after': String(Math.ceil(wait / 1000)),
      });
    const body = (req.body ?? {}) as { identity?: unknown };
    if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'protocol/invalid', 'Send a JSON object (or nothing)');
    let identity: ReturnType<typeof checkIdentityToken> | undefined;
    if (body.identity !== undefined) {
      if (!config.identitySecret) throw new HttpError(400, 'auth/identity-unsupported', 'This server does not accept identity tokens');
      identity = checkIdentityToken(config.identitySecret, body.identity, Math.floor(Date.now() / 1000));
    }
    const id = newConversationId();
    const meta = await service.create(id);
    const token = issueCustomerToken(secret, {
      conversationId: id,
      ...(identity ? { subject: identity.subject, ...(identity.name ? { name: identity.name } : {}) } : {}),
    });
    return reply.code(201).send({ id, token, epoch: meta.epoch });
  });

  // Token and rate are checked before the body is read: a flood costs as little as possible,
  // and nobody without the token can drain a conversation's bucket.
  app.post(
    '/conversations/:id/events',
    {
      onRequest: async (req, reply) => {
        guardOrigin(req);
        const id = conversationIdOf(req);
        checkCustomerToken(secret, bearer(req.headers.authorization), id);
        const wait = ctx.eventLimiter.take(id);
        if (wait > 0) {
          return reply
            .code(429)
            .header('retry-after', String(Math.ceil(wait / 1000)))
            .header('connection', 'close')
            .send({ ...errorBody('rate/limited', 'Too many events for this conversation; retry later'), retryAfterMs: wait });
        }
        return undefined;
      },
    },
    async (req) => {
      const id = conversationIdOf(req);
      const claims = await authorize(req, id);
      const event = parseIncoming(req.body, config.maxTextLength);
      const result = await service.handle(id, event, claims.name);
      return { ok: true, id: event.id, ...result };
    },
  );

  /** Attaches a listener that writes to `write` and tracks unsent bytes. */
  const attach = async (id: string, since: number, ip: string, write: (event: WireEvent) => boolean, cut: (reason: string) => void): Promise<() => void> => {
    const release = ctx.connections.acquire(ip);
    if (!release) throw new HttpError(429, 'limit/connections', 'Too many open connections; retry later', undefined, { 'retry-after': '5' });
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const stop = (): void => {
      if (done) return;
      done = true;
      release();
      unsubscribe?.();
      ctx.live.delete(drop);
    };
    const drop = (): void => {
      stop();
      cut('dropped');
    };
    ctx.live.add(drop);
    try {
      unsubscribe = await service.subscribe(id, since, {
        send: write,
        close: (reason) => {
          stop();
          cut(reason);
        },
      });
    } catch (error) {
      stop();
      throw error;
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by a callback during the awaits above
    if (done) unsubscribe();
    return stop;
  };

  app.get('/conversations/:id/stream', async (req, reply: FastifyReply) => {
    guardOrigin(req);
    const id = conversationIdOf(req);
    const since = sinceOf(req);
    await authorize(req, id);
    const meta = await service.meta(id);
    const res = reply.raw;
    // A client that saw more than the log holds was talking to a log that was reset or
    // restored: it gets everything again, and the epoch event tells it to re-sync.
    const reset = since > meta.lastSeq;
    const from = reset ? 0 : since;
    const origin = req.headers.origin;
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      ...(typeof origin === 'string' && config.allowedOrigins.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}),
    });
    res.write(`: attune\n\nevent: epoch\ndata: ${JSON.stringify({ epoch: meta.epoch, lastSeq: meta.lastSeq, reset })}\n\n`);
    const write = (event: WireEvent): boolean => {
      if (res.destroyed) return false;
      // Transient events (typing, deltas) can carry `seq: undefined` after a spread on the bus.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      res.write(`${'seq' in event && event.seq !== undefined ? `id: ${event.seq}\n` : ''}data: ${JSON.stringify(event)}\n\n`);
      return res.writableLength <= config.maxBufferedBytes;
    };
    const timers: { heartbeat?: ReturnType<typeof setInterval> } = {};
    let stop: (() => void) | undefined;
    const cut = (): void => {
      clearInterval(timers.heartbeat);
      stop?.();
      res.destroy();
    };
    try {
      stop = await attach(id, from, req.ip, write, cut);
    } catch (error) {
      const http = toHttpError(error);
      res.end(`event: error\ndata: ${JSON.stringify(errorBody(http.code, http.message))}\n\n`);
      return;
    }
    timers.heartbeat = setInterval(() => {
      if (res.destroyed) return cut();
      res.write(': ping\n\n');
      if (res.writableLength > config.maxBufferedBytes) cut();
    }, config.heartbeatMs);
    res.on('close', cut);
    res.on('error', cut);
  });

  app.get('/conversations/:id/ws', { websocket: true }, (socket: WebSocket, req) => {
    // Anything thrown here would be an unhandled exception: every step is guarded.
    const fail = (code: string, message: string, closeCode = 1008): void => {
      try {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ v: 1, type: 'error', code, message }));
        socket.close(closeCode, code.slice(0, 120));
      } catch {
        socket.terminate();
      }
    };
    socket.on('error', () => socket.terminate());
    let id: string;
    let since: number;
    try {
      if (!ctx.originAllowed(req)) return fail('origin/forbidden', 'This origin may not use this server');
      id = conversationIdOf(req);
      since = sinceOf(req);
    } catch (error) {
      const http = toHttpError(error);
      return fail(http.code, http.message);
    }
    const fromProtocol = [...(req.headers['sec-websocket-protocol'] ?? '').split(',')]
      .map((p) => p.trim())
      .find((p) => p.startsWith('attune.token.'))
      ?.slice('attune.token.'.length);
    let claims: CustomerClaims | undefined;
    let stop: (() => void) | undefined;
    let closed = false;
    const send = (event: WireEvent | { v: 1; type: 'epoch'; epoch: string; lastSeq: number; reset: boolean }): boolean => {
      if (socket.readyState !== socket.OPEN) return false;
      socket.send(JSON.stringify(event));
      return socket.bufferedAmount <= config.maxBufferedBytes;
    };
    const start = async (token: string | undefined, wantsEpoch: boolean): Promise<void> => {
      claims = await authorize(req, id, token);
      const meta = await service.meta(id);
      const reset = since > meta.lastSeq;
      if (wantsEpoch || reset) send({ v: 1, type: 'epoch', epoch: meta.epoch, lastSeq: meta.lastSeq, reset });
      if (closed) return;
      stop = await attach(id, reset ? 0 : since, req.ip, send, () => socket.terminate());
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the socket may close while we attach
      if (closed) stop();
    };
    const timer = setTimeout(() => {
      if (!claims) fail('auth/token-missing', 'Send {"type":"auth","token":…} first');
    }, AUTH_TIMEOUT_MS);
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      stop?.();
    });
    let queued = 0;
    let turn: Promise<void> = Promise.resolve();
    // Frames sent right after the auth frame wait for it to be checked.
    const early: { data: Buffer; isBinary: boolean }[] = [];
    const begin = (token: string | undefined, wantsEpoch: boolean): void => {
      start(token, wantsEpoch).then(
        () => {
          for (const frame of early.splice(0)) onFrame(frame.data, frame.isBinary);
        },
        (error: unknown) => {
          const http = toHttpError(error);
          fail(http.code, http.message);
        },
      );
    };
    if (fromProtocol !== undefined) begin(fromProtocol, false);
    let authing = fromProtocol !== undefined;
    const onFrame = (data: Buffer, isBinary: boolean): void => {
      try {
        if (isBinary) throw new HttpError(400, 'protocol/invalid', 'Frames must be text');
        const text = data.toString();
        if (!authing) {
          const frame = JSON.parse(text) as { type?: unknown; token?: unknown; epoch?: unknown };
          if (frame.type !== 'auth' || typeof frame.token !== 'string') return fail('auth/token-missing', 'The first frame must be {"type":"auth","token":…}');
          authing = true;
          return begin(frame.token, frame.epoch === true);
        }
        if (!claims) {
          if (early.length >= 100) return fail('rate/limited', 'Too many frames before authorization');
          early.push({ data, isBinary });
          return;
        }
        const event = parseIncoming(text, config.maxTextLength);
        // Over the rate, frames wait their turn in order (a socket cannot be told "429");
        // a socket, or all sockets together, with too many waiting are cut off (1008).
        if (queued >= MAX_QUEUED_PER_SOCKET || queuedFrames.count >= MAX_QUEUED_TOTAL) return fail('rate/limited', 'Too many events waiting; slow down');
        queued++;
        queuedFrames.count++;
        turn = turn.then(async () => {
          for (let wait = ctx.eventLimiter.take(id); wait > 0 && !closed; wait = ctx.eventLimiter.take(id))
            await new Promise((resolve) => setTimeout(resolve, wait));
          queued--;
          queuedFrames.count--;
          if (closed || !claims) return;
          await service.handle(id, event, claims.name).catch((error: unknown) => {
            const http = toHttpError(error);
            if (http.status >= 500 && http.code !== 'server/closing') console.error('attune: ws event failed', error);
            send({ v: 1, type: 'error', code: http.code, message: http.message, id: event.id });
          });
        });
      } catch (error) {
        const http = toHttpError(error instanceof SyntaxError ? new HttpError(400, 'protocol/invalid', 'Invalid client event: not JSON') : error);
        let rawId: unknown;
        try {
          rawId = (JSON.parse(data.toString()) as { id?: unknown }).id;
        } catch {
          rawId = undefined;
        }
        send({ v: 1, type: 'error', code: http.code, message: http.message, ...(typeof rawId === 'string' && rawId.length <= 128 ? { id: rawId } : {}) });
      }
    };
    socket.on('message', (data: Buffer, isBinary: boolean) => onFrame(data, isBinary));
  });
}
