// Agent routes: login (session cookie) or API key; never CORS; CSRF-safe (SameSite=Strict
// cookie, JSON-only bodies, and a same-origin check on every state-changing request).
import { randomUUID } from 'node:crypto';
import { isMessageId, type ServerEvent } from '@attune/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.js';
import type { AgentAccount } from '../auth/agents.js';
import { bearer } from '../auth/tokens.js';
import { agentEvents, assist } from '../agents/assist.js';
import { HttpError } from '../errors.js';
import type { AppendInput, ConversationMeta } from '../store/types.js';
import { metricsRoutes } from './metrics.js';

const COOKIE = 'attune_session';
// Over HTTPS the cookie gets the `__Host-` prefix: the browser then only accepts it Secure,
// for this exact host and path /, so a sibling subdomain cannot plant or overwrite it.
const SECURE_COOKIE = `__Host-${COOKIE}`;

export function agentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { agents, service, config } = ctx;

  const cookieOf = (req: FastifyRequest): string | undefined => req.cookies[SECURE_COOKIE] ?? req.cookies[COOKIE];
  // TLS ends at the reverse proxy in most deployments: `req.protocol` reads X-Forwarded-Proto when trustProxy is on.
  const secure = (req: FastifyRequest): boolean => config.secureCookies || req.protocol === 'https';

  const account = async (req: FastifyRequest): Promise<AgentAccount> => {
    // A cross-site page can make the browser send requests; it cannot make them same-origin.
    if (!ctx.sameOrigin(req)) throw new HttpError(403, 'origin/forbidden', 'Agent routes only answer their own origin');
    const key = agents.apiKey(bearer(req.headers.authorization));
    if (key) return key;
    const session = await agents.session(cookieOf(req), Date.now());
    if (!session) throw new HttpError(401, 'auth/login-required', 'Log in as an agent first');
    return session.account;
  };
  const conversationId = (req: FastifyRequest): string => {
    const id = (req.params as { id?: unknown }).id;
    if (typeof id !== 'string' || !isMessageId(id)) throw new HttpError(400, 'conversation/id', 'Conversation ids are 1–128 letters, digits, _ or -');
    return id;
  };

  const retryKeyOf = (req: FastifyRequest): string | undefined => {
    const header = req.headers['idempotency-key'];
    if (header === undefined) return undefined;
    if (typeof header !== 'string' || !/^[\w.:-]{1,128}$/.test(header))
      throw new HttpError(400, 'request/idempotency-key', 'Idempotency-Key must be 1–128 letters, digits, _ . : or -');
    return header;
  };

  app.post('/agent/login', async (req, reply: FastifyReply) => {
    if (!ctx.sameOrigin(req)) throw new HttpError(403, 'origin/forbidden', 'Agent routes only answer their own origin');
    const body = (req.body ?? {}) as { login?: unknown; password?: unknown };
    const session = await agents.login(body.login, body.password, Date.now());
    const tls = secure(req);
    void reply.setCookie(tls ? SECURE_COOKIE : COOKIE, session.cookie, {
      httpOnly: true,
      sameSite: 'strict',
      secure: tls,
      path: '/',
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });
    return { ok: true, name: session.account.name };
  });
  app.post('/agent/logout', async (req, reply: FastifyReply) => {
    if (!ctx.sameOrigin(req)) throw new HttpError(403, 'origin/forbidden', 'Agent routes only answer their own origin');
    await agents.logout(cookieOf(req), Date.now());
    void reply.clearCookie(COOKIE, { path: '/' });
    if (req.cookies[SECURE_COOKIE] !== undefined) void reply.clearCookie(SECURE_COOKIE, { path: '/', secure: true });
    return { ok: true };
  });
  app.get('/agent/me', async (req) => ({ name: (await account(req)).name }));

  app.get('/agent/conversations', async (req) => {
    await account(req);
    const q = req.query as { limit?: string; cursor?: string; state?: string };
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new HttpError(400, 'request/limit', '`limit` must be 1–200');
    const state = q.state === 'open' || q.state === 'handoff' || q.state === 'closed' ? q.state : undefined;
    if (q.state !== undefined && state === undefined) throw new HttpError(400, 'request/state', '`state` must be open, handoff or closed');
    const page = await ctx.service.list({ limit, ...(q.cursor ? { cursor: q.cursor.slice(0, 500) } : {}), ...(state ? { state } : {}) });
    return {
      conversations: page.items.map((m: ConversationMeta) => ({
        id: m.id,
        createdAt: m.createdAt,
        updatedAt: m.updatedAt,
        lastSeq: m.lastSeq,
        state: m.state,
        firstWords: m.firstWords,
      })),
      ...(page.next ? { next: page.next } : {}),
      ...(page.skipped?.length ? { skipped: page.skipped } : {}),
    };
  });

  app.get('/agent/conversations/:id/assist', async (req) => {
    await account(req);
    const id = conversationId(req);
    await service.meta(id);
    return assist(await service.log(id));
  });

  app.post('/agent/conversations/:id/events', async (req) => {
    const who = await account(req);
    const id = conversationId(req);
    await service.meta(id);
    // `Idempotency-Key`: a tool retrying a POST whose answer it never got (a process died,
    // a proxy timed out) stores its message once, whichever process the retry reaches.
    const retryKey = retryKeyOf(req);
    const appended = await service.locked(id, async () => {
      const events = agentEvents(req.body, await service.log(id), who.name);
      const stored = [];
      for (const [i, event] of events.entries())
        stored.push(await service.appendUnlocked(id, retryKey === undefined ? { event } : { event, key: `s:agent:${who.login}:${retryKey}:${i}` }));
      return stored;
    });
    const kinds = new Set(appended.map((e) => e.type));
    if (kinds.has('recap')) await service.setState(id, 'closed');
    return { ok: true, event: appended[0], events: appended };
  });

  // Teammate protection: hand an abusive conversation to a lead, or end it. Both need a
  // JSON body (no simple cross-site form can send one) and the agent's same-origin session.
  const jsonBody = (req: FastifyRequest): Record<string, unknown> => {
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'request/body', 'Send a JSON object (it may be empty)');
    return body as Record<string, unknown>;
  };
  const abusive = (events: readonly ServerEvent[]): boolean =>
    events.some((e) => e.type === 'text' && e.from === 'customer' && e.flags?.includes('abuse') === true);

  /** What both routes check first: the agent, the conversation, a JSON body, an optional retry key. */
  const protectionRequest = async (req: FastifyRequest): Promise<{ who: AgentAccount; id: string; retryKey: string | undefined }> => {
    const who = await account(req);
    const id = conversationId(req);
    jsonBody(req);
    const retryKey = retryKeyOf(req);
    await service.meta(id);
    return { who, id, retryKey };
  };

  app.post('/agent/conversations/:id/lead', async (req) => {
    const { who, id, retryKey } = await protectionRequest(req);
    const event = await service.locked(id, async () => {
      const events = await service.read(id, 0);
      const handoff = {
        type: 'handoff',
        id: `lead_${randomUUID()}`,
        at: Date.now(),
        state: 'requested',
        text: "I'm bringing in a team lead. They'll see everything so far.",
        ...(abusive(events) ? { reason: 'abuse' } : {}),
      };
      return service.appendUnlocked(id, {
        event: handoff as AppendInput['event'],
        ...(retryKey === undefined ? {} : { key: `s:lead:${who.login}:${retryKey}` }),
      });
    });
    await service.setState(id, 'handoff');
    return { ok: true, event };
  });

  app.post('/agent/conversations/:id/end', async (req) => {
    const { who, id, retryKey } = await protectionRequest(req);
    const line = { type: 'text', id: `end_${randomUUID()}`, from: 'system', text: 'The conversation has ended.', at: Date.now(), status: 'sent' };
    const event = await service.append(id, {
      event: line as AppendInput['event'],
      ...(retryKey === undefined ? {} : { key: `s:end:${who.login}:${retryKey}` }),
    });
    await service.setState(id, 'closed');
    return { ok: true, event };
  });

  app.get('/agent/conversations/:id/stream', async (req, reply) => {
    await account(req);
    const id = conversationId(req);
    const q = req.query as { since?: string };
    const since = q.since !== undefined && /^\d{1,15}$/.test(q.since) ? Number(q.since) : 0;
    await service.meta(id);
    const res = reply.raw;
    reply.hijack();
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.write(': attune\n\n');
    const release = ctx.connections.acquire(`agent:${req.ip}`);
    if (!release) return void res.end();
    const subscription: { off?: () => void } = {};
    const cut = (): void => {
      release();
      subscription.off?.();
      ctx.live.delete(cut);
      clearInterval(heartbeat);
      res.destroy();
    };
    ctx.live.add(cut);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), config.heartbeatMs);
    res.on('close', cut);
    const unsubscribe = await service.subscribe(id, since, {
      send: (event) => {
        if (res.destroyed) return false;
        res.write(`data: ${JSON.stringify(event)}\n\n`);
        return res.writableLength <= config.maxBufferedBytes;
      },
      close: cut,
    });
    subscription.off = unsubscribe;
    if (res.destroyed) unsubscribe();
  });

  metricsRoutes(app, ctx, { account, conversationId });
}
