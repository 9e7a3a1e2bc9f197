import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { AGENT_KEY, startServer } from './support.js';

test('close() does not wait out the keep-alive timeout of a request that was in flight when it began', async () => {
  // Regression: such a request answered with keep-alive and then idled; Node only closes the
  // connections idle when closing starts, so close() waited 72 s (Fastify's keep-alive timeout).
  const server = await startServer({ port: 0 });
  const { id } = (await (
    await fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  ).json()) as { id: string };
  const { port } = new URL(server.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const body = JSON.stringify({ text: 'hello' });
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (answer += chunk));
  // Headers now, body after close() began: the request is in flight, not idle.
  socket.write(
    `POST /agent/conversations/${id}/events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: keep-alive\r\ncontent-type: application/json\r\nauthorization: Bearer ${AGENT_KEY}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  const closed = server.close();
  socket.write(body);
  await closed;
  const ms = Date.now() - started;
  socket.destroy();
  assert.match(answer, /^HTTP\/1\.1 200/, 'the request in flight was answered');
  assert.ok(ms < 3000, `close took ${ms} ms`);
});
