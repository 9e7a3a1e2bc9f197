// Webhooks against a real loopback receiver: a customer asks for a person and an agent
// closes with a recap over the real server; the receiver gets signed handoff.requested and
// conversation.closed packets (recap, tone path, scorecard), verifies the signature, and
// gets retries after a 500 or a hang; the customer's requests never wait for the receiver.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook, verifyWebhook, type WebhookPayload } from '../src/webhooks.js';
import { newConversation, post } from './helpers.js';
import { agentHeaders, startServer, type TestServer } from './support.js';

const SECRET = 'webhook-secret-0123456789abcdef';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** A loopback receiver; `answer` decides each response (status, or 'hang' to never answer). */
async function receiver(answer: (n: number, r: Received) => number | 'hang' = () => 200) {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const hung: ServerResponse[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const r = { headers: req.headers, body, at: Date.now() };
      received.push(r);
      const status = answer(received.length, r);
      if (status === 'hang') hung.push(res);
      else res.writeHead(status).end('ok');
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hooks`;
  return {
    url,
    received,
    async until(test: (all: Received[]) => boolean, ms = 10_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!test(received)) {
        if (Date.now() > deadline) throw new Error(`receiver: gave up after ${String(ms)} ms with ${String(received.length)} requests`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const payloads = (all: Received[], type: string): WebhookPayload[] =>
  all.filter((r) => r.headers['attune-event'] === type).map((r) => JSON.parse(r.body) as WebhookPayload);

async function customerConversation(server: TestServer) {
  const { id, token } = await newConversation(server.url);
  const send = (body: Record<string, unknown>): Promise<Response> => post(`${server.url}/conversations/${id}/events`, token, { v: 1, ...body });
  return { id, send };
}

const open: { close(): Promise<void> }[] = [];
after(async () => {
  for (const s of open) await s.close();
});

test('handoff.requested and conversation.closed reach the receiver, signed, with the recap, the tone path and the scorecard', async () => {
  const hook = await receiver();
  const server = await startServer({ port: 0, webhooks: { urls: [hook.url], secret: SECRET } });
  open.push(server, hook);
  const c = await customerConversation(server);
  assert.equal((await c.send({ type: 'message', id: 'm1', text: 'This is ridiculous, my parcel is two weeks late!' })).status, 200);
  assert.equal((await c.send({ type: 'handoff.request', id: 'h1' })).status, 200);
  await hook.until((all) => payloads(all, 'handoff.requested').length === 1);

  const [request] = hook.received;
  assert.ok(request);
  assert.equal(request.headers['content-type'], 'application/json');
  assert.ok(verifyWebhook(SECRET, request.body, request.headers['attune-signature'] as string), 'the signature verifies');
  assert.equal(verifyWebhook('another-secret-0123456789', request.body, request.headers['attune-signature'] as string), false);
  assert.equal(verifyWebhook(SECRET, request.body.replace('ridiculous', 'fine'), request.headers['attune-signature'] as string), false);
  const handoff = payloads(hook.received, 'handoff.requested')[0];
  assert.ok(handoff);
  assert.equal(request.headers['attune-webhook-id'], handoff.id);
  assert.equal(handoff.conversation.id, c.id);
  assert.deepEqual(handoff.handoff, { messageId: 'h_h1', reason: 'requested' });
  assert.equal(handoff.tone.first?.messageId, 'm1');
  assert.equal(handoff.tone.first?.tone, 'frustration');
  assert.equal(handoff.recap.shown, false);
  assert.equal(typeof handoff.recap.understood, 'string');
  assert.ok(['pass', 'fail', 'na'].includes(handoff.scorecard.comprehension.result));
  assert.equal(handoff.summary.handoff.taken, true);

  // An agent closes with a recap: conversation.closed, with that recap.
  const recap = await fetch(`${server.url}/agent/conversations/${c.id}/events`, {
    method: 'POST',
    headers: agentHeaders,
    body: JSON.stringify({
      type: 'recap',
      understood: 'Your parcel is late',
      done: ['Chased the carrier'],
      nextStep: { who: 'Ana', what: 'emails you the new date', when: 'today' },
      resolved: true,
    }),
  });
  assert.equal(recap.status, 200);
  await hook.until((all) => payloads(all, 'conversation.closed').length === 1);
  const closed = payloads(hook.received, 'conversation.closed')[0];
  assert.ok(closed);
  assert.equal(closed.recap.shown, true);
  assert.equal(closed.recap.understood, 'Your parcel is late');
  assert.equal(closed.conversation.state, 'closed');
  assert.equal(closed.scorecard.closing.evidence.length > 0, true);
  // The customer's "end" after the recap does not report the same close twice.
  assert.equal((await c.send({ type: 'end', id: 'e1' })).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await server.webhooks?.settled();
  assert.equal(payloads(hook.received, 'conversation.closed').length, 1);
  assert.deepEqual(server.webhooks?.stats(), { delivered: 2, failed: 0, retried: 0, dropped: 0, queued: 0 });
});

test('a 500 is retried with backoff, the same id and body, a fresh signature', async () => {
  const hook = await receiver((n) => (n === 1 ? 500 : 200));
  const server = await startServer({ port: 0, webhooks: { urls: [hook.url], secret: SECRET, baseDelayMs: 100 } });
  open.push(server, hook);
  const c = await customerConversation(server);
  await c.send({ type: 'message', id: 'm1', text: 'I need a person please' });
  await c.send({ type: 'handoff.request', id: 'h1' });
  await hook.until((all) => all.length === 2);
  const [first, second] = hook.received;
  assert.ok(first && second);
  assert.equal(first.headers['attune-attempt'], '1');
  assert.equal(second.headers['attune-attempt'], '2');
  assert.equal(second.headers['attune-webhook-id'], first.headers['attune-webhook-id']);
  assert.equal(second.body, first.body);
  assert.ok(second.at - first.at >= 50, `waited before retrying (${String(second.at - first.at)} ms)`);
  assert.ok(verifyWebhook(SECRET, second.body, second.headers['attune-signature'] as string));
  await server.webhooks?.settled();
  assert.deepEqual(server.webhooks?.stats(), { delivered: 1, failed: 0, retried: 1, dropped: 0, queued: 0 });
});

test('a receiver that hangs never slows the customer; the attempt times out and is retried; a 400 is not retried', async () => {
  let mode: 'hang' | 400 = 'hang';
  const hook = await receiver((n) => (n === 1 ? mode : 200));
  const server = await startServer({ port: 0, webhooks: { urls: [hook.url], secret: SECRET, baseDelayMs: 50, timeoutMs: 300 } });
  open.push(server, hook);
  const c = await customerConversation(server);
  await c.send({ type: 'message', id: 'm1', text: 'hello' });
  const started = Date.now();
  assert.equal((await c.send({ type: 'handoff.request', id: 'h1' })).status, 200);
  const took = Date.now() - started;
  await hook.until((all) => all.length >= 1);
  // The customer's answer came while the receiver still held its request.
  assert.ok(took < 300, `the customer waited ${String(took)} ms`);
  await hook.until((all) => all.length === 2);
  assert.equal(hook.received[1]?.headers['attune-attempt'], '2');

  mode = 400;
  const hook2 = await receiver(() => 400);
  const server2 = await startServer({ port: 0, webhooks: { urls: [hook2.url], secret: SECRET, baseDelayMs: 20 } });
  open.push(server2, hook2);
  const c2 = await customerConversation(server2);
  await c2.send({ type: 'handoff.request', id: 'h1' });
  await hook2.until((all) => all.length === 1);
  await server2.webhooks?.settled();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(hook2.received.length, 1, 'a 4xx is the receiver saying no: not retried');
  assert.equal(server2.webhooks?.stats().failed, 1);
});

test('retries are bounded: a receiver that always fails gets maxAttempts requests, then the delivery is given up', async () => {
  const hook = await receiver(() => 503);
  const server = await startServer({ port: 0, webhooks: { urls: [hook.url], secret: SECRET, baseDelayMs: 10, maxAttempts: 3 } });
  open.push(server, hook);
  const c = await customerConversation(server);
  await c.send({ type: 'handoff.request', id: 'h1' });
  await hook.until((all) => all.length === 3);
  const deadline = Date.now() + 5000;
  while (server.webhooks?.stats().failed !== 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(hook.received.length, 3);
  assert.deepEqual(server.webhooks?.stats(), { delivered: 0, failed: 1, retried: 2, dropped: 0, queued: 0 });
});

test('signatures: replays outside the window and malformed headers are refused', () => {
  const body = '{"id":"x"}';
  const now = Date.now();
  const old = signWebhook(SECRET, body, Math.floor(now / 1000) - 600);
  assert.equal(verifyWebhook(SECRET, body, old, now), false);
  assert.equal(verifyWebhook(SECRET, body, signWebhook(SECRET, body, Math.floor(now / 1000)), now), true);
  for (const header of [undefined, '', 't=abc,v1=00', `t=${String(Math.floor(now / 1000))}`, `t=${String(Math.floor(now / 1000))},v1=zz`, 'x'.repeat(600)]) {
    assert.equal(verifyWebhook(SECRET, body, header, now), false, String(header));
  }
});

test('bad webhook settings stop the start with a message naming them', async () => {
  await assert.rejects(
    startServer({ port: 0, webhooks: { urls: ['ftp://x.example/'], secret: SECRET } }),
    /webhooks\.urls entry ftp:\/\/x\.example\/ must be http or https/,
  );
  await assert.rejects(
    startServer({ port: 0, webhooks: { urls: ['http://127.0.0.1:9/'], secret: 'short' } }),
    /webhooks\.secret must be at least 16 characters/,
  );
  await assert.rejects(startServer({ port: 0, webhooks: { urls: [], secret: SECRET } }), /webhooks\.urls needs at least one URL/);
});
