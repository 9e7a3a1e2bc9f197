// Agent accounts: people log in with a name and password (scrypt-hashed) and get a session
// cookie; bots use an API key. The agent's display name always comes from the account.
import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { HttpError } from '../errors.js';
import { sign, verify } from './tokens.js';

export interface AgentAccount {
  /** Login name (users) or label (API keys). */
  login: string;
  /** Shown to customers as the author of the agent's messages. */
  name: string;
  /** `scrypt$N$r$p$salt$hash` from `hashPassword`. */
  passwordHash?: string;
  /** SHA-256 (hex) of an API key: the key itself is never stored. */
  apiKeySha256?: string;
}

export interface Session {
  /** Random per login; what a logout revokes. */
  id: string;
  account: AgentAccount;
  /** ms epoch. */
  expires: number;
  /** The cookie value: the signed session itself (nothing to look up but revocations). */
  cookie: string;
}

/**
 * Logouts that every process must honour before a session cookie expires. The built-in
 * stores keep them (memory: this process; file: the data dir; PostgreSQL: a table every
 * process reads), so a logout on one process holds on all of them.
 */
export interface SessionRevocations {
  revokeSession(id: string, expiresAt: number): Promise<void>;
  sessionRevoked(id: string): Promise<boolean>;
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash`, for `agents[].passwordHash` (also `attune-server hash-password`). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (!N || !r || !p || N > 1 << 20 || expected.length < 16) return false;
  const key = await scryptAsync(password, salt, N, r, p, expected.length);
  return timingSafeEqual(key, expected);
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A password change ends the account's sessions: the cookie names the hash it was issued under. */
const fingerprint = (account: AgentAccount): string => sha256(`attune.session.${account.passwordHash ?? ''}`).slice(0, 16);

const SESSION_ID = /^[\w-]{22}$/;

/**
 * Agent accounts and console sessions. A session is a cookie signed with the server secret
 * (HMAC-SHA256): `{sid, login, exp, password fingerprint}`. Any process with the same secret
 * accepts it (no sticky sessions, no session table to read on every request); a logout
 * revokes its `sid` in the store until the cookie would have expired anyway.
 */
export function createAgentDirectory(accounts: readonly AgentAccount[], sessionTtlMs: number, secret: Buffer, revocations: SessionRevocations) {
  const byLogin = new Map(accounts.filter((a) => a.passwordHash).map((a) => [a.login, a]));
  const byKey = new Map(accounts.filter((a) => a.apiKeySha256).map((a) => [a.apiKeySha256 ?? '', a]));
  // Constant work for unknown logins, so response time does not reveal which logins exist.
  let dummy: Promise<string> | undefined;

  /** The signed session a cookie carries, if its signature, expiry and account still hold (revocation not checked). */
  const decode = (cookie: string | undefined, now: number): Session | undefined => {
    if (cookie === undefined) return undefined;
    const claims = verify(secret, 'agent-session', cookie);
    if (!claims) return undefined;
    const { sid, l, exp, f } = claims;
    if (typeof sid !== 'string' || !SESSION_ID.test(sid) || typeof l !== 'string' || typeof exp !== 'number' || typeof f !== 'string') return undefined;
    const account = byLogin.get(l);
    if (!account || exp <= now || f !== fingerprint(account)) return undefined;
    return { id: sid, account, expires: exp, cookie };
  };

  return {
    async login(login: unknown, password: unknown, now: number): Promise<Session> {
      if (typeof login !== 'string' || typeof password !== 'string' || login.length > 200 || password.length > 1024) {
        throw new HttpError(400, 'auth/login-invalid', 'Send {"login": string, "password": string}');
      }
      const account = byLogin.get(login);
      const ok = account?.passwordHash
        ? await verifyPassword(password, account.passwordHash)
        : await verifyPassword(password, await (dummy ??= hashPassword('x')));
      if (!account || !ok) throw new HttpError(401, 'auth/login-failed', 'Wrong login or password');
      const id = randomBytes(16).toString('base64url');
      const expires = now + sessionTtlMs;
      return { id, account, expires, cookie: sign(secret, 'agent-session', { sid: id, l: account.login, exp: expires, f: fingerprint(account) }) };
    },
    /** The live session a cookie carries: signed by this server's secret, not expired, not logged out. */
    async session(cookie: string | undefined, now: number): Promise<Session | undefined> {
      const session = decode(cookie, now);
      if (!session || (await revocations.sessionRevoked(session.id))) return undefined;
      return session;
    },
    /** Ends the cookie's session on every process that shares the store. */
    async logout(cookie: string | undefined, now: number): Promise<void> {
      const session = decode(cookie, now);
      if (session) await revocations.revokeSession(session.id, session.expires);
    },
    apiKey(key: string | undefined): AgentAccount | undefined {
      return key === undefined ? undefined : byKey.get(sha256(key));
    },
  };
}

export type AgentDirectory = ReturnType<typeof createAgentDirectory>;
