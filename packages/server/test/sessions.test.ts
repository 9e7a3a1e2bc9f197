// Agent console sessions across processes: a signed session cookie that any server with the
// same secret accepts (no sticky sessions), logouts shared through the store, expiry, a
// password change ending old sessions, and the Secure / __Host- cookie behind TLS.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServer, hashPassword, type AgentAccount, type RunningServer } from '../src/index.js';
import { createAgentDirectory } from '../src/auth/agents.js';
import { post } from './helpers.js';
import { DATABASE_URL, dropSchema, postgresUnavailable, uniqueSchema } from './pg.js';

const PASSWORD = 'correct horse';
let agents: AgentAccount[];
before(async () => {
  agents = [{ login: 'ana', name: 'Ana', passwordHash: await hashPassword(PASSWORD) }];
});

/** Logs in and returns the `name=value` part of the session cookie and the whole Set-Cookie header. */
async function login(url: string, headers: Record<string, string> = {}): Promise<{ cookie: string; header: string }> {
  const res = await post(`${url}/agent/login`, undefined, { login: 'ana', password: PASSWORD }, headers);
  assert.equal(res.status, 200, `login: ${await res.text()}`);
  const header = res.headers.get('set-cookie') ?? '';
  return { cookie: header.split(';')[0] ?? '', header };
}

const me = (url: string, cookie: string): Promise<number> => fetch(`${url}/agent/me`, { headers: { cookie } }).then((r) => r.status);
const logout = (url: string, cookie: string): Promise<Response> =>
  fetch(`${url}/agent/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });

describe('two in-memory servers sharing a secret', () => {
  const secret = Buffer.alloc(32, 7);
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    a = await createServer({ port: 0, secret, agents });
    b = await createServer({ port: 0, secret, agents });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  test('a login on A works on B, and the cookie is HttpOnly, SameSite=Strict, path /', async () => {
    const { cookie, header } = await login(a.url);
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Strict/);
    assert.match(header, /Path=\//);
    assert.doesNotMatch(header, /Secure/, 'plain HTTP on loopback: no Secure flag (the browser would drop the cookie)');
    assert.equal(await me(b.url, cookie), 200);
    const list = await fetch(`${b.url}/agent/conversations`, { headers: { cookie } });
    assert.equal(list.status, 200);
  });

  test('a forged, tampered or other-secret cookie is refused', async () => {
    const { cookie } = await login(a.url);
    const [name, value = ''] = cookie.split('=');
    const [payload = '', mac = ''] = value.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 365 * 86_400_000 })).toString('base64url');
    assert.equal(await me(b.url, `${name}=${longer}.${mac}`), 401, 'a later expiry under the old signature');
    assert.equal(await me(b.url, `${name}=${payload}.${mac.slice(0, -2)}AA`), 401, 'a changed signature');
    assert.equal(await me(b.url, `${name}=${payload}`), 401, 'no signature');
    const other = await createServer({ port: 0, secret: Buffer.alloc(32, 8), agents });
    try {
      assert.equal(await me(other.url, cookie), 401, 'a server with another secret');
    } finally {
      await other.close();
    }
  });

  test('a logout ends the session on the server that handled it; the browser is told to drop the cookie', async () => {
    const { cookie } = await login(a.url);
    const res = await logout(a.url, cookie);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie') ?? '', /attune_session=;/);
    assert.equal(await me(a.url, cookie), 401, 'the same cookie, replayed after logout');
  });
});

test('a session cookie expires at its signed expiry (the directory, on an injected clock)', async () => {
  const revoked = new Set<string>();
  const directory = createAgentDirectory(agents, 60_000, Buffer.alloc(32, 3), {
    revokeSession: async (sid) => void revoked.add(sid),
    sessionRevoked: async (sid) => revoked.has(sid),
  });
  const session = await directory.login('ana', PASSWORD, 1_000_000);
  assert.equal((await directory.session(session.cookie, 1_000_000 + 59_999))?.account.login, 'ana');
  assert.equal(await directory.session(session.cookie, 1_000_000 + 60_000), undefined);
  await directory.logout(session.cookie, 1_000_001);
  assert.equal(await directory.session(session.cookie, 1_000_002), undefined, 'and a logout ends it before then');
});

test('an expired session cookie is refused by the server', async () => {
  // Long enough for a login and one request on a loaded machine, short enough to wait out.
  const server = await createServer({ port: 0, agents, sessionTtlMs: 2500 });
  try {
    const started = Date.now();
    const { cookie } = await login(server.url);
    const status = await me(server.url, cookie);
    if (Date.now() - started < 2500) assert.equal(status, 200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + 2600 - Date.now())));
    assert.equal(await me(server.url, cookie), 401);
  } finally {
    await server.close();
  }
});

test('changing an agent’s password ends the sessions issued under the old one', async () => {
  const secret = Buffer.alloc(32, 9);
  const before = await createServer({ port: 0, secret, agents });
  const { cookie } = await login(before.url);
  await before.close();
  const after = await createServer({ port: 0, secret, agents: [{ login: 'ana', name: 'Ana', passwordHash: await hashPassword('a new one') }] });
  try {
    assert.equal(await me(after.url, cookie), 401);
  } finally {
    await after.close();
  }
});

test('behind a TLS proxy the cookie is Secure and __Host- prefixed', async () => {
  const server = await createServer({ port: 0, agents, trustProxy: true });
  try {
    const { cookie, header } = await login(server.url, { 'x-forwarded-proto': 'https' });
    assert.match(header, /^__Host-attune_session=/);
    assert.match(header, /Secure/);
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Strict/);
    assert.equal(await me(server.url, cookie), 200);
    const res = await logout(server.url, cookie);
    assert.match(res.headers.get('set-cookie') ?? '', /__Host-attune_session=;/);
    assert.equal(await me(server.url, cookie), 401);
  } finally {
    await server.close();
  }
});

test('a logout survives a restart of the file store (its secret, and so the cookie, survive too)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'attune-sessions-'));
  try {
    let server = await createServer({ port: 0, dataDir, agents });
    const kept = await login(server.url);
    const ended = await login(server.url);
    assert.equal((await logout(server.url, ended.cookie)).status, 200);
    await server.close();
    server = await createServer({ port: 0, dataDir, agents });
    try {
      assert.equal(await me(server.url, kept.cookie), 200, 'a session not logged out still works after the restart');
      assert.equal(await me(server.url, ended.cookie), 401, 'a logged-out one stays out');
    } finally {
      await server.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('two servers on one PostgreSQL (no shared secret configured)', async () => {
  const unavailable = await postgresUnavailable();
  if (unavailable) {
    test('PostgreSQL sessions', { skip: unavailable }, () => {});
    return;
  }
  const schema = uniqueSchema();
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    a = await createServer({ port: 0, agents, postgres: { url: DATABASE_URL, schema } });
    b = await createServer({ port: 0, agents, postgres: { url: DATABASE_URL, schema } });
  });
  after(async () => {
    await a.close();
    await b.close();
    await dropSchema(schema);
  });

  test('log in on A, use the console on B; log out on B, and A refuses the cookie too', async () => {
    const { cookie } = await login(a.url);
    assert.equal(await me(b.url, cookie), 200, 'B accepts A’s session (the secret is shared through the database)');
    const other = await login(b.url);
    assert.equal((await logout(b.url, cookie)).status, 200);
    assert.equal(await me(a.url, cookie), 401, 'the logout on B holds on A');
    assert.equal(await me(b.url, cookie), 401);
    assert.equal(await me(a.url, other.cookie), 200, 'another session of the same agent stays logged in');
  });
});
