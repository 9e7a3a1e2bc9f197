// Settings: options passed to `createServer`, or environment variables read by `main.ts`
// (documented in packages/server/README.md). Validated once at start: a bad setting stops
// the start with a message naming it, rather than failing later under load.
import type { AgentAccount } from './auth/agents.js';
import type { RateLimit } from './limits.js';

export interface ServerConfig {
  /** Default 8787; 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1 (put a reverse proxy with TLS in front; see docs/deploy.md). */
  host: string;
  /** Secret for customer tokens (≥ 32 bytes). Without one a random secret is made per start (tokens die with the process) unless the file store keeps one in its directory. */
  secret?: Buffer;
  /** Secret shared with the embedding site for identity tokens; identity tokens are refused without it. */
  identitySecret?: Buffer;
  /** Origins (scheme://host:port) allowed to use the customer routes cross-origin (CORS and WebSocket `Origin`). Same-origin always works. */
  allowedOrigins: readonly string[];
  /** When set, requests whose `Host` is not listed get 421 (DNS rebinding). */
  allowedHosts?: readonly string[];
  /** Agent logins and API keys. */
  agents: readonly AgentAccount[];
  /** Send `Secure` cookies (behind HTTPS). Default false on loopback, true otherwise. */
  secureCookies: boolean;
  sessionTtlMs: number;
  /** Largest request body or WebSocket frame (bytes, default 64 KB). */
  maxBodyBytes: number;
  /** Longest customer `text`/`comment` (characters, default 10000). */
  maxTextLength: number;
  /** Largest stored conversation (bytes, default 2 MB): past it, events get 413. */
  maxConversationBytes: number;
  /** Conversations not updated for this long are deleted (ms, default 90 days; 0 keeps them). */
  retentionMs: number;
  /** Client events per conversation. */
  rateLimit: RateLimit;
  /** New conversations per minute, per IP and in total. */
  newConversationsPerMinute: { perIp: number; total: number };
  /** Open streams and sockets, per IP and in total. */
  connections: { perIp: number; total: number };
  /** A stream or socket with more than this many unsent bytes is cut off (slow reader). */
  maxBufferedBytes: number;
  /** SSE heartbeat and WebSocket ping interval (ms, default 15000). */
  heartbeatMs: number;
  /** Conversations idle this long leave memory (ms, default 10 minutes). */
  idleMs: number;
  /** Requests per minute per IP on every route (@fastify/rate-limit). */
  requestsPerMinute: number;
  /** Trust `X-Forwarded-For` from a reverse proxy (for per-IP limits). */
  trustProxy: boolean;
}

export const DEFAULTS: ServerConfig = {
  port: 8787,
  host: '127.0.0.1',
  allowedOrigins: [],
  agents: [],
  secureCookies: false,
  sessionTtlMs: 12 * 3600_000,
  maxBodyBytes: 64 * 1024,
  maxTextLength: 10_000,
  maxConversationBytes: 2 * 1024 * 1024,
  retentionMs: 90 * 24 * 3600_000,
  rateLimit: { perSecond: 20, burst: 100 },
  newConversationsPerMinute: { perIp: 30, total: 600 },
  connections: { perIp: 50, total: 10_000 },
  maxBufferedBytes: 1024 * 1024,
  heartbeatMs: 15_000,
  idleMs: 10 * 60_000,
  requestsPerMinute: 1200,
  trustProxy: false,
};

const positive = (name: string, value: number): void => {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`attune server config: ${name} must be a positive number (got ${String(value)})`);
};

/** Merges `options` over the defaults and checks them. */
export function resolveConfig(options: Partial<ServerConfig>): ServerConfig {
  const config: ServerConfig = { ...DEFAULTS };
  // Partial<> admits explicit `undefined` from plain-JS callers: it means "the default".
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  for (const [key, value] of Object.entries(options)) if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535)
    throw new Error(`attune server config: port must be 0–65535 (got ${String(config.port)})`);
  for (const key of [
    'maxBodyBytes',
    'maxTextLength',
    'maxConversationBytes',
    'maxBufferedBytes',
    'heartbeatMs',
    'idleMs',
    'sessionTtlMs',
    'requestsPerMinute',
  ] as const)
    positive(key, config[key]);
  positive('rateLimit.perSecond', config.rateLimit.perSecond);
  positive('rateLimit.burst', config.rateLimit.burst);
  if (config.secret !== undefined && config.secret.length < 32) throw new Error('attune server config: secret must be at least 32 bytes');
  for (const origin of config.allowedOrigins) {
    if (origin !== new URL(origin).origin)
      throw new Error(`attune server config: allowedOrigins entry ${origin} is not an origin (scheme://host[:port], no path)`);
  }
  return config;
}

/** Reads the environment (see README): PORT, HOST, DATA_DIR, ATTUNE_SECRET, ALLOWED_ORIGINS, … */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<ServerConfig> {
  const list = (value: string | undefined): string[] | undefined =>
    value
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const num = (value: string | undefined): number | undefined => (value === undefined || value === '' ? undefined : Number(value));
  const out: Partial<ServerConfig> = {};
  const set = <K extends keyof ServerConfig>(key: K, value: ServerConfig[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set('port', num(env.PORT));
  set('host', env.HOST || undefined);
  set('secret', env.ATTUNE_SECRET ? Buffer.from(env.ATTUNE_SECRET, 'utf8') : undefined);
  set('identitySecret', env.ATTUNE_IDENTITY_SECRET ? Buffer.from(env.ATTUNE_IDENTITY_SECRET, 'utf8') : undefined);
  set('allowedOrigins', list(env.ALLOWED_ORIGINS));
  set('allowedHosts', list(env.ALLOWED_HOSTS));
  set('trustProxy', env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true' ? true : undefined);
  set('secureCookies', env.SECURE_COOKIES === '1' || env.SECURE_COOKIES === 'true' ? true : undefined);
  set('requestsPerMinute', num(env.ATTUNE_REQUESTS_PER_MINUTE));
  set('retentionMs', num(env.RETENTION_DAYS) === undefined ? undefined : (num(env.RETENTION_DAYS) ?? 0) * 24 * 3600_000);
  if (env.ATTUNE_AGENTS) {
    // JSON: [{"login":"ana","name":"Ana","passwordHash":"scrypt$…"}, {"login":"bot","name":"Helper","apiKeySha256":"…"}]
    const parsed = JSON.parse(env.ATTUNE_AGENTS) as unknown;
    if (!Array.isArray(parsed)) throw new Error('ATTUNE_AGENTS must be a JSON array of accounts');
    out.agents = parsed.map((a: unknown, i) => {
      const acc = a as Record<string, unknown>;
      if (typeof acc.login !== 'string' || typeof acc.name !== 'string' || (typeof acc.passwordHash !== 'string' && typeof acc.apiKeySha256 !== 'string')) {
        throw new Error(`ATTUNE_AGENTS[${i}] needs login, name and passwordHash or apiKeySha256`);
      }
      return {
        login: acc.login,
        name: acc.name,
        ...(typeof acc.passwordHash === 'string' ? { passwordHash: acc.passwordHash } : {}),
        ...(typeof acc.apiKeySha256 === 'string' ? { apiKeySha256: acc.apiKeySha256 } : {}),
      };
    });
  }
  return out;
}
