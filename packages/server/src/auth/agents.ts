// Agent accounts: people log in with a name and password (scrypt-hashed) and get a session
// cookie; bots use an API key. The agent's display name always comes from the account.
import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { HttpError } from '../errors.js';

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
  id: string;
  account: AgentAccount;
  expires: number;
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

/** Sessions in this process's memory (a restart logs agents out; see docs/deploy.md). */
export function createAgentDirectory(accounts: readonly AgentAccount[], sessionTtlMs: number) {
  const byLogin = new Map(accounts.filter((a) => a.passwordHash).map((a) => [a.login, a]));
  const byKey = new Map(accounts.filter((a) => a.apiKeySha256).map((a) => [a.apiKeySha256 ?? '', a]));
  const sessions = new Map<string, Session>();
  // Constant work for unknown logins, so response time does not reveal which logins exist.
  let dummy: Promise<string> | undefined;

  const sweep = (now: number): void => {
    for (const [id, s] of sessions) if (s.expires <= now) sessions.delete(id);
  };

  return {
    async login(login: unknown, password: unknown, now: number): Promise<Session> {
      if (typeof login !== 'string' || typeof password !== 'string' || login.length > 200 || password.length > 1024) {
        throw new HttpError(400, 'auth/login-invalid', 'Send {"login": string, "password": string}');
      }
      const account = byLogin.get(login);
      const ok = account?.passwordHash ? await verifyPassword(password, account.passwordHash) : await verifyPassword(password, await (dummy ??= hashPassword('x')));
      if (!account || !ok) throw new HttpError(401, 'auth/login-failed', 'Wrong login or password');
      sweep(now);
      const session: Session = { id: randomBytes(32).toString('base64url'), account, expires: now + sessionTtlMs };
      sessions.set(session.id, session);
      return session;
    },
    session(id: string | undefined, now: number): Session | undefined {
      if (id === undefined) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expires <= now) {
        sessions.delete(id);
        return undefined;
      }
      return session;
    },
    logout(id: string | undefined): void {
      if (id !== undefined) sessions.delete(id);
    },
    apiKey(key: string | undefined): AgentAccount | undefined {
      return key === undefined ? undefined : byKey.get(sha256(key));
    },
  };
}

export type AgentDirectory = ReturnType<typeof createAgentDirectory>;
