// createServer(config): a Fastify instance with the plugins (CORS, cookies, rate limits,
// WebSocket), security hooks and the three route groups: customer, agent, console.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import { createAgentDirectory, type AgentDirectory, type SessionRevocations } from './auth/agents.js';
import { localBus } from './bus/local.js';
import type { Bus } from './bus/types.js';
import { resolveConfig, type ServerConfig } from './config.js';
import { createConversationService, type ConversationService, type ServerAgent } from './conversations.js';
import { errorBody, toHttpError } from './errors.js';
import { connectionCaps, tokenBuckets } from './limits.js';
import { agentRoutes } from './routes/agent.js';
import { consoleRoutes } from './routes/console.js';
import { customerRoutes } from './routes/customer.js';
import { metricsPageRoutes } from './routes/metrics.js';
import { createMetrics, type Metrics } from './metrics.js';
import { checkWebhookConfig, createWebhooks, type WebhookConfig } from './webhooks.js';
import { fileStore } from './store/file.js';
import { memoryStore } from './store/memory.js';
import { revocationList } from './store/log.js';
import { createPostgresBackend, type PostgresBackendOptions } from './postgres.js';
import type { ConversationStore } from './store/types.js';

export interface CreateServerOptions extends Partial<ServerConfig> {
  /** Where conversations live (default: the file store in `dataDir`, else memory). */
  store?: ConversationStore;
  /** Wake-ups and transient events between processes (default: in-process). */
  bus?: Bus;
  /** The durable file store's directory (used when no `store` is given). */
  dataDir?: string | undefined;
  /**
   * PostgreSQL (`DATABASE_URL`, `ATTUNE_PG_*`): the PostgreSQL store and LISTEN/NOTIFY bus,
   * so N processes share conversations (see docs/deploy.md). Takes precedence over `dataDir`.
   */
  postgres?: PostgresBackendOptions | undefined;
  agent?: ServerAgent;
  /** POST signed `handoff.requested` / `conversation.closed` events here (see README, "Webhooks"). */
  webhooks?: WebhookConfig | undefined;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  store: ConversationStore;
  /** Counts since start: client events received, and how many were repeats. */
  stats(): { received: number; duplicates: number; connections: number };
  /** Cuts every open stream and socket, as a flaky network would (tests). */
  dropConnections(): void;
  /** Webhook deliveries since start (and `settled()` for tests); undefined without webhooks. */
  webhooks?: { stats(): { delivered: number; failed: number; retried: number; dropped: number; queued: number }; settled(): Promise<void> } | undefined;
  /** Issues a customer token (tests, tools). */
  tokenFor(conversationId: string): string;
  close(): Promise<void>;
}

/** How long `close()` lets open requests finish before it cuts them. */
const DRAIN_MS = 1000;

/** Shared by the route modules. */
export interface AppContext {
  config: ServerConfig;
  secret: Buffer;
  service: ConversationService;
  metrics: Metrics;
  agents: AgentDirectory;
  eventLimiter: ReturnType<typeof tokenBuckets>;
  newPerIp: ReturnType<typeof tokenBuckets>;
  newTotal: ReturnType<typeof tokenBuckets>;
  connections: ReturnType<typeof connectionCaps>;
  /** Every open stream/socket, to cut them on close or `dropConnections`. */
  live: Set<() => void>;
  /** True when the request's Origin is allowed on customer routes (or absent/same-origin). */
  originAllowed(req: FastifyRequest): boolean;
  sameOrigin(req: FastifyRequest): boolean;
}

/** The store's shared logouts, or (a custom store without them) this process's own. */
function sessionRevocations(store: ConversationStore): SessionRevocations {
  if (store.revokeSession && store.sessionRevoked)
    return {
      revokeSession: (sid, expiresAt) => store.revokeSession?.(sid, expiresAt) ?? Promise.resolve(),
      sessionRevoked: (sid) => store.sessionRevoked?.(sid) ?? Promise.resolve(false),
    };
  const local = revocationList();
  return {
    revokeSession: async (sid, expiresAt) => local.add(sid, expiresAt, Date.now()),
    sessionRevoked: async (sid) => local.has(sid, Date.now()),
  };
}

/** A secret kept next to the file store's data, so customer tokens survive restarts. */
async function secretIn(dir: string): Promise<Buffer> {
  const path = join(dir, 'secret');
  try {
    const existing = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
    if (existing.length >= 32) return existing;
  } catch {
    // First start: make one.
  }
  const fresh = randomBytes(32);
  await writeFile(path, fresh.toString('base64url'), { mode: 0o600 });
  return fresh;
}

/**
 * Starts the server: the Attune wire protocol over SSE + POST and WebSocket, customer
 * tokens, agent logins, the console, `GET /health`.
 *
 * @example
 * const server = await createServer({ port: 0, dataDir: './data', allowedOrigins: ['https://shop.example'] });
 * console.log(server.url);
 * await server.close();
 */
export async function createServer(options: CreateServerOptions = {}): Promise<RunningServer> {
  const { store: givenStore, bus: givenBus, dataDir, postgres, agent, webhooks: hooks, ...settings } = options;
  const config = resolveConfig(settings);
  if (hooks) checkWebhookConfig(hooks);
  const pg = postgres && !givenStore ? await createPostgresBackend(postgres) : undefined;
  const store = givenStore ?? pg?.store ?? (dataDir ? await fileStore(dataDir) : memoryStore());
  const bus = givenBus ?? pg?.bus ?? localBus();
  // Tokens must verify on every process: one secret per data dir, or per database.
  const secret = config.secret ?? (pg ? await pg.store.sharedSecret('customer-token') : dataDir && !givenStore ? await secretIn(dataDir) : randomBytes(32));
  const metrics = createMetrics({ store });
  const webhooks = hooks ? createWebhooks(hooks, { metrics, meta: (id) => service.meta(id), read: (id) => store.read(id, 0) }) : undefined;
  const service = createConversationService({
    store,
    bus,
    agent,
    maxConversationBytes: config.maxConversationBytes,
    observer: {
      appended: (id, event) => webhooks?.appended(id, event),
      state: (id, state) => {
        metrics.observer.state(id, state);
        webhooks?.state(id, state);
      },
    },
  });
  const app: FastifyInstance = Fastify({
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    logger: false,
    // Malformed percent-encoding is the client's fault: a coded 400, never a throw.
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 200 },
  });

  const allowed = new Set(config.allowedOrigins);
  const sameOrigin = (req: FastifyRequest): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  };
  const ctx: AppContext = {
    config,
    secret,
    service,
    metrics,
    agents: createAgentDirectory(config.agents, config.sessionTtlMs, secret, sessionRevocations(store)),
    eventLimiter: tokenBuckets(config.rateLimit),
    newPerIp: tokenBuckets({ perSecond: config.newConversationsPerMinute.perIp / 60, burst: config.newConversationsPerMinute.perIp }),
    newTotal: tokenBuckets({ perSecond: config.newConversationsPerMinute.total / 60, burst: config.newConversationsPerMinute.total }),
    connections: connectionCaps(config.connections.perIp, config.connections.total),
    live: new Set(),
    originAllowed: (req) => sameOrigin(req) || (typeof req.headers.origin === 'string' && allowed.has(req.headers.origin)),
    sameOrigin,
  };

  // Only JSON bodies: a text/plain POST is a "simple" cross-origin request with no preflight.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? undefined : (JSON.parse(body as string) as unknown));
    } catch {
      done(Object.assign(new Error('The body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
    }
  });

  app.setErrorHandler((error, _req, reply) => {
    const http = toHttpError(error);
    if (http.status >= 500) console.error('attune: internal error', error);
    void reply
      .code(http.status)
      .headers(http.headers ?? {})
      .send(errorBody(http.code, http.message, http.details));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(errorBody('request/not-found', `Nothing at ${req.method} ${req.url.split('?')[0] ?? ''}`.slice(0, 300)));
  });

  app.addHook('onRequest', async (req, reply) => {
    if (config.allowedHosts && !config.allowedHosts.includes(req.headers.host ?? '')) {
      return reply.code(421).send(errorBody('request/host', 'This host name is not served here'));
    }
    return undefined;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    const path = req.url;
    if (path.startsWith('/agent') || path.startsWith('/console') || path === '/') {
      reply.header('x-frame-options', 'DENY');
      if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    return payload;
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.requestsPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      ...errorBody('rate/limited', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`),
    }),
  });
  // CORS only for the customer routes (and /health, which a host page checks before it shows
  // the widget) and only for allowed origins; never for /agent or /console.
  await app.register(fastifyCors, {
    hook: 'onRequest',
    delegator: (req, callback) => {
      const origin = req.headers.origin;
      const url = req.url;
      const customer = url.startsWith('/conversations') || url === '/health';
      callback(null, {
        origin: customer && typeof origin === 'string' && allowed.has(origin) ? origin : false,
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'authorization', 'last-event-id'],
        maxAge: 600,
        credentials: false,
      });
    },
  });
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: config.maxBodyBytes,
      // The token may ride in a subprotocol: "attune.v1, attune.token.<token>"; we answer "attune.v1".
      handleProtocols: (protocols: Set<string>) => (protocols.has('attune.v1') ? 'attune.v1' : false),
    },
  });

  app.get('/health', async () => ({ ok: true, protocol: 1 }));
  await app.register(async (scope) => customerRoutes(scope, ctx));
  await app.register(async (scope) => agentRoutes(scope, ctx));
  await app.register(async (scope) => consoleRoutes(scope));
  await app.register(async (scope) => metricsPageRoutes(scope));

  // Retention and idle sweeps.
  const sweeper = setInterval(
    () => {
      if (config.retentionMs > 0) store.prune(Date.now() - config.retentionMs).catch((error: unknown) => console.error('attune: prune failed', error));
    },
    Math.min(config.idleMs, 3600_000),
  );
  sweeper.unref();

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const dropConnections = (): void => {
    for (const cut of [...ctx.live]) cut();
  };
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    store,
    tokenFor: (id) => tokenFor(secret, id),
    webhooks,
    stats: () => ({ ...service.stats(), connections: ctx.connections.count }),
    dropConnections,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        dropConnections();
        // A request in flight when closing began answers with keep-alive and then idles; Node
        // only closes the connections idle at the start, so without a deadline the close waits
        // out the keep-alive timeout (72 s in Fastify). (Sweeping idle connections every 25 ms
        // instead made some closes never finish.) A drain deadline: whatever is still open then (a client that never reads, a socket
        // stuck mid-request) is cut, so a shutdown always ends.
        const deadline = setTimeout(() => app.server.closeAllConnections(), DRAIN_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(deadline);
        }
        await service.idle();
        webhooks?.close();
        metrics.close();
        if (pg) await pg.close();
        else {
          if (!givenBus) await bus.close();
          if (!givenStore) await store.close();
        }
      })();
      return closing;
    },
  };
}

import { issueCustomerToken } from './auth/tokens.js';
const tokenFor = (secret: Buffer, conversationId: string): string => issueCustomerToken(secret, { conversationId });
