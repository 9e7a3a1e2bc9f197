// Regression tests for the requests that used to end the process (issue 14), and the
// coded 4xx bodies that answer bad input now.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createServer, type RunningServer } from '../src/index.js';
import { newConversation, post, rawRequest } from './helpers.js';

let server: RunningServer;
before(async () => {
  server = await createServer({ port: 0 });
});
after(() => server.close());

const alive = async (): Promise<void> => {
  const res = await fetch(`${server.url}/health`);
  assert.equal(res.status, 200);
};
const upgrade = (path: string): string =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

test('a WebSocket upgrade to /conversations/%E0%A4%A/ws gets a 4xx and the server stays up', async () => {
  const answer = await rawRequest(server.url, upgrade('/conversations/%E0%A4%A/ws'));
  assert.match(answer, /^HTTP\/1\.1 4\d\d/);
  await alive();
});

test('GET // with an Upgrade header gets a 4xx and the server stays up', async () => {
  const answer = await rawRequest(server.url, upgrade('//'));
  assert.match(answer, /^HTTP\/1\.1 4\d\d/);
  await alive();
});

test('malformed paths, methods and bodies get coded 4xx bodies', async () => {
  const bad = await rawRequest(server.url, 'GET /conversations/%E0%A4%A/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(bad, /^HTTP\/1\.1 4\d\d/);
  assert.match(bad, /"code":"/);
  const { id, token } = await newConversation(server.url);
  const plain = await fetch(`${server.url}/conversations/${id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
    body: '{"v":1,"type":"message","id":"m1","text":"hi"}',
  });
  assert.equal(plain.status, 415);
  assert.equal(((await plain.json()) as { error: { code: string } }).error.code, 'request/content-type');
  const notJson = await fetch(`${server.url}/conversations/${id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{nope',
  });
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as { error: { code: string } }).error.code, 'protocol/invalid');
  const huge = await post(`${server.url}/conversations/${id}/events`, token, { v: 1, type: 'message', id: 'm2', text: 'x'.repeat(70_000) });
  assert.equal(huge.status, 413);
  const since = await fetch(`${server.url}/conversations/${id}/stream?since=-1`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(since.status, 400);
  assert.equal(((await since.json()) as { error: { code: string } }).error.code, 'request/since');
  await alive();
});

test('a WebSocket that sends garbage, binary frames or a huge frame does not stop the server', async () => {
  const { WebSocket } = await import('ws');
  const { id, token } = await newConversation(server.url);
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/conversations/${id}/ws`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const frames: string[] = [];
  ws.on('message', (data: Buffer) => frames.push(data.toString()));
  ws.send(JSON.stringify({ type: 'auth', token }));
  ws.send('{not json');
  ws.send(Buffer.from([0, 1, 2]));
  ws.send(JSON.stringify({ v: 1, type: 'message', id: 'ok', text: 'hello' }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(frames.some((f) => f.includes('protocol/invalid')));
  assert.ok(frames.some((f) => f.includes('"type":"ack"')));
  const closed = new Promise((resolve) => ws.once('close', resolve));
  ws.send('x'.repeat(200_000));
  await closed;
  await alive();
});
