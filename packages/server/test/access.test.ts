// Access control: no conversation route or socket answers without that conversation's
// token, no agent route without a login, agent names come from the account.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { createServer, hashPassword, mintIdentityToken, sha256, type RunningServer } from '../src/index.js';
import { newConversation, post, readSse } from './helpers.js';

let server: RunningServer;
const SITE = 'https://shop.example';
before(async () => {
  server = await createServer({
    port: 0,
    allowedOrigins: [SITE],
    identitySecret: Buffer.from('identity-secret-shared-with-the-site-0123456789'),
    agents: [
      { login: 'ana', name: 'Ana', passwordHash: await hashPassword('correct horse') },
      { login: 'bot', name: 'Helper bot', apiKeySha256: sha256('key-123') },
    ],
  });
});
after(() => server.close());

const code = async (res: Response): Promise<string> => ((await res.json()) as { error: { code: string } }).error.code;
const message = (id: string, text = 'hello'): unknown => ({ v: 1, type: 'message', id, text });

test('conversation ids are server-issued, 128-bit, with a token', async () => {
  const a = await newConversation(server.url);
  const b = await newConversation(server.url);
  assert.match(a.id, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(a.id, b.id);
  assert.ok(a.token.length > 40);
});

test('events and stream need the conversation token', async () => {
  const a = await newConversation(server.url);
  const b = await newConversation(server.url);
  assert.equal((await post(`${server.url}/conversations/${a.id}/events`, undefined, message('m1'))).status, 401);
  const forged = `${a.token.split('.')[0] ?? ''}.AAAA`;
  assert.equal(await code(await post(`${server.url}/conversations/${a.id}/events`, forged, message('m1'))), 'auth/token-invalid');
  assert.equal(await code(await post(`${server.url}/conversations/${a.id}/events`, b.token, message('m1'))), 'auth/forbidden');
  assert.equal((await fetch(`${server.url}/conversations/${a.id}/stream`)).status, 401);
  assert.equal((await fetch(`${server.url}/conversations/${a.id}/stream`, { headers: { authorization: `Bearer ${b.token}` } })).status, 403);
  // A made-up id with a token for it cannot be forged either, and an unknown id is 404 even with a valid token shape.
  assert.equal((await post(`${server.url}/conversations/AAAAAAAAAAAAAAAAAAAAAA/events`, a.token, message('m1'))).status, 403);
  assert.equal((await post(`${server.url}/conversations/${a.id}/events`, a.token, message('m1'))).status, 200);
});

test('the WebSocket needs the token in the first frame or a subprotocol', async () => {
  const { id, token } = await newConversation(server.url);
  const ws = (protocols?: string[]): WebSocket => new WebSocket(`${server.url.replace('http', 'ws')}/conversations/${id}/ws`, protocols);
  const firstFrame = async (socket: WebSocket, send?: string): Promise<{ frames: string[]; code: number }> => {
    const frames: string[] = [];
    socket.on('message', (d: Buffer) => frames.push(d.toString()));
    await new Promise((resolve) => socket.once('open', resolve));
    if (send) socket.send(send);
    const closeCode = await Promise.race([
      new Promise<number>((resolve) => socket.once('close', (c: number) => resolve(c))),
      new Promise<number>((resolve) => setTimeout(() => resolve(0), 700)),
    ]);
    socket.close();
    return { frames, code: closeCode };
  };
  const wrong = await firstFrame(ws(), JSON.stringify({ v: 1, type: 'message', id: 'x', text: 'sneaky' }));
  assert.equal(wrong.code, 1008);
  assert.ok(wrong.frames.some((f) => f.includes('auth/token-missing')));
  const bad = await firstFrame(ws(), JSON.stringify({ type: 'auth', token: 'nope.nope' }));
  assert.equal(bad.code, 1008);
  const good = await firstFrame(ws(), JSON.stringify({ type: 'auth', token, epoch: true }));
  assert.equal(good.code, 0, 'stays open');
  assert.ok(good.frames.some((f) => f.includes('"type":"epoch"')));
  const viaProtocol = ws(['attune.v1', `attune.token.${token}`]);
  const result = await firstFrame(viaProtocol);
  assert.equal(result.code, 0);
  assert.equal(viaProtocol.protocol, 'attune.v1');
});

test('cross-origin: only allowed origins get CORS or may connect; agent routes never CORS', async () => {
  const created = await fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SITE }, body: '{}' });
  assert.equal(created.status, 201);
  assert.equal(created.headers.get('access-control-allow-origin'), SITE);
  const evil = await fetch(`${server.url}/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body: '{}',
  });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get('access-control-allow-origin'), null);
  // A host page checks the server is up before it shows the widget.
  assert.equal((await fetch(`${server.url}/health`, { headers: { origin: SITE } })).headers.get('access-control-allow-origin'), SITE);
  assert.equal((await fetch(`${server.url}/health`, { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin'), null);
  const preflight = await fetch(`${server.url}/agent/conversations`, { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'GET' } });
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  const agentCross = await fetch(`${server.url}/agent/conversations`, { headers: { origin: SITE, authorization: 'Bearer key-123' } });
  assert.equal(agentCross.status, 403);
  const { id } = await newConversation(server.url);
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/conversations/${id}/ws`, { origin: 'https://evil.example' });
  const closeCode = await new Promise<number>((resolve) => socket.once('close', (c: number) => resolve(c)));
  assert.equal(closeCode, 1008);
});

test('agent routes need a login; the session cookie is HttpOnly and SameSite=Strict; headers forbid framing', async () => {
  assert.equal((await fetch(`${server.url}/agent/conversations`)).status, 401);
  const { id } = await newConversation(server.url);
  assert.equal((await post(`${server.url}/agent/conversations/${id}/events`, undefined, { text: 'hi' })).status, 401);
  assert.equal((await fetch(`${server.url}/agent/conversations/${id}/stream`)).status, 401);
  const wrong = await post(`${server.url}/agent/login`, undefined, { login: 'ana', password: 'nope' });
  assert.equal(wrong.status, 401);
  const login = await post(`${server.url}/agent/login`, undefined, { login: 'ana', password: 'correct horse' });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const session = cookie.split(';')[0] ?? '';
  const list = await fetch(`${server.url}/agent/conversations`, { headers: { cookie: session } });
  assert.equal(list.status, 200);
  const consolePage = await fetch(`${server.url}/console`);
  assert.match(consolePage.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.equal(consolePage.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(consolePage.headers.get('x-frame-options'), 'DENY');
});

test('agent names come from the account, never from the request', async () => {
  const { id, token } = await newConversation(server.url);
  const res = await post(`${server.url}/agent/conversations/${id}/events`, 'key-123', { type: 'text', text: 'Hi there', name: 'The CEO' });
  assert.equal(res.status, 200);
  const events = await readSse(`${server.url}/conversations/${id}/stream`, token, (e) => e.some((x) => x.type === 'text'));
  const text = events.find((e) => e.type === 'text');
  assert.equal(text?.name, 'Helper bot');
});

test('a customer cannot overwrite a server message by reusing its id', async () => {
  const { id, token } = await newConversation(server.url);
  const sent = (await (
    await post(`${server.url}/agent/conversations/${id}/events`, 'key-123', { type: 'text', text: 'Your refund is on its way' })
  ).json()) as { event: { id: string } };
  const clash = await post(`${server.url}/conversations/${id}/events`, token, message(sent.event.id, 'I am the agent now'));
  assert.equal(clash.status, 409);
  assert.equal(await code(clash), 'id/conflict');
});

test('an identity token from the embedding site names the customer; a bad one is refused', async () => {
  const identity = mintIdentityToken('identity-secret-shared-with-the-site-0123456789', { sub: 'user-42', name: 'Dana' });
  const res = await post(`${server.url}/conversations`, undefined, { identity });
  assert.equal(res.status, 201);
  const { id, token } = (await res.json()) as { id: string; token: string };
  await post(`${server.url}/conversations/${id}/events`, token, message('m1', 'my parcel is late'));
  const events = await readSse(`${server.url}/conversations/${id}/stream`, token, (e) => e.some((x) => x.type === 'text'));
  assert.equal(events.find((e) => e.type === 'text')?.name, 'Dana');
  const forged = mintIdentityToken('not-the-secret', { sub: 'user-42' });
  assert.equal((await post(`${server.url}/conversations`, undefined, { identity: forged })).status, 401);
  const expired = mintIdentityToken('identity-secret-shared-with-the-site-0123456789', { sub: 'u', expiresInSeconds: -10 });
  assert.equal(await code(await post(`${server.url}/conversations`, undefined, { identity: expired })), 'auth/identity-expired');
});

test('new conversations per IP are capped with a 429', async () => {
  const capped = await createServer({ port: 0, newConversationsPerMinute: { perIp: 5, total: 100 } });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++)
      codes.push((await fetch(`${capped.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    assert.deepEqual(codes.slice(0, 5), [201, 201, 201, 201, 201]);
    assert.equal(codes[7], 429);
  } finally {
    await capped.close();
  }
});

test('an optional Host allowlist refuses other hosts (DNS rebinding)', async () => {
  const pinned = await createServer({ port: 0, allowedHosts: ['support.example'] });
  try {
    assert.equal((await fetch(`${pinned.url}/health`)).status, 421);
  } finally {
    await pinned.close();
  }
});
