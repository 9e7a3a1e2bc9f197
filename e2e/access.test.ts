// Access rules of the server as a real browser applies them (issue 14): a page on an origin
// the server does not allow can neither read nor write a conversation (no CORS, WebSocket
// `Origin` refused), and a page on another site cannot use the agent's session cookie
// (SameSite=Strict, no CORS on /agent, a same-origin check on writes) — not even by a form.
// `evil.test` is mapped to 127.0.0.1 in this browser only, so it is a different site for real.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, createHarness } from './harness.js';

const h = await createHarness();

// The attacker's pages: blank documents whose scripts the test runs with `evaluate`.
const evil = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Not the shop</title></head><body><p>Win a prize</p></body></html>',
  );
});
await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
const evilPort = (evil.address() as AddressInfo).port;
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [...CHROME_ARGS, '--host-resolver-rules=MAP evil.test 127.0.0.1'],
});
/** A context of the attacker's browser; tsx compiles `evaluate` bodies with esbuild's name helper, which pages lack. */
async function attackerContext() {
  const context = await browser.newContext();
  await context.addInitScript('globalThis.__name = (f) => f');
  return context;
}
after(async () => {
  await browser.close();
  await new Promise((resolve) => evil.close(resolve));
});

/** A conversation with a customer message, created as the allowed site would. */
async function conversation(text: string): Promise<{ id: string; token: string }> {
  const origin = new URL(h.site.url).origin;
  const created = await fetch(`${h.server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
  assert.equal(created.status, 201);
  const { id, token } = (await created.json()) as { id: string; token: string };
  const sent = await fetch(`${h.server.url}/conversations/${id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, authorization: `Bearer ${token}` },
    body: JSON.stringify({ v: 1, type: 'message', id: `m-${Date.now()}`, text }),
  });
  assert.ok(sent.ok, `the customer message is accepted (${sent.status})`);
  return { id, token };
}

test('a page on an origin the server does not allow cannot create, read or write a conversation, by fetch or WebSocket', async () => {
  const { id, token } = await conversation('my card number is private');
  const context = await attackerContext();
  const page = await context.newPage();
  await page.goto(`http://evil.test:${evilPort}/`);
  const result = await page.evaluate(
    async ({ url, id, token }) => {
      const attempt = async (run: () => Promise<Response>): Promise<string> => {
        try {
          const res = await run();
          return `read ${res.status} ${await res.text()}`;
        } catch (error) {
          return `blocked ${(error as Error).name}`;
        }
      };
      const json = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const create = await attempt(() => fetch(`${url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
      const read = await attempt(() => fetch(`${url}/conversations/${id}/events?since=0`, { headers: json }));
      const write = await attempt(() =>
        fetch(`${url}/conversations/${id}/events`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ v: 1, type: 'message', id: 'evil-1', text: 'written by evil.test' }),
        }),
      );
      // A "simple" request needs no preflight: it reaches the server, which must refuse it.
      const simple = await attempt(() =>
        fetch(`${url}/conversations/${id}/events`, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ v: 1, type: 'message', id: 'evil-2', text: 'written by evil.test' }),
        }),
      );
      // WebSockets have no CORS: the server must check Origin itself, even with a valid token.
      const ws = await new Promise<string>((resolve) => {
        const socket = new WebSocket(`${url.replace('http', 'ws')}/conversations/${id}/ws`, ['attune.v1', `attune.token.${token}`]);
        const frames: string[] = [];
        socket.onmessage = (m) => frames.push(String(m.data));
        socket.onclose = (e) => resolve(`closed ${e.code} after ${frames.length} frames: ${frames.join(' ').slice(0, 200)}`);
        setTimeout(() => resolve(`still open with ${frames.length} frames: ${frames.join(' ').slice(0, 200)}`), 5000);
      });
      return { create, read, write, simple, ws };
    },
    { url: h.server.url, id, token },
  );
  assert.equal(result.create, 'blocked TypeError');
  assert.equal(result.read, 'blocked TypeError');
  assert.equal(result.write, 'blocked TypeError');
  assert.equal(result.simple, 'read 0 ', 'an opaque answer, nothing readable');
  // Refused with a policy close and a coded reason: no event of the conversation reaches the page.
  assert.match(result.ws, /^closed 1008 after (0 frames|1 frames: \{"v":1,"type":"error","code":"origin\/forbidden"[^}]*\})$/);
  const events = (await h.server.conversation(id)).events;
  assert.deepEqual(
    events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text),
    ['my card number is private'],
    'nothing was written',
  );
  await context.close();
});

test("a page on another site cannot use the agent's session cookie: no reading, no writing, not even by a form", async () => {
  const { id } = await conversation('please help me');
  const context = await attackerContext();
  const agent = await context.newPage();
  // The agent is logged in to the console in this browser: the cookie exists.
  await h.loginConsole(agent);
  assert.equal(await agent.evaluate(async () => (await fetch('/agent/conversations?limit=1')).status), 200, 'the console itself may use it');

  const page = await context.newPage();
  await page.goto(`http://evil.test:${evilPort}/`);
  const result = await page.evaluate(
    async ({ url, id }) => {
      const attempt = async (run: () => Promise<Response>): Promise<string> => {
        try {
          const res = await run();
          return `read ${res.status}`;
        } catch (error) {
          return `blocked ${(error as Error).name}`;
        }
      };
      const list = await attempt(() => fetch(`${url}/agent/conversations`, { credentials: 'include' }));
      const write = await attempt(() =>
        fetch(`${url}/agent/conversations/${id}/events`, {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'Sent by evil.test as the agent' }),
        }),
      );
      const simple = await attempt(() =>
        fetch(`${url}/agent/conversations/${id}/events`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ text: 'Sent by evil.test as the agent' }),
        }),
      );
      return { list, write, simple };
    },
    { url: h.server.url, id },
  );
  assert.deepEqual(result, { list: 'blocked TypeError', write: 'blocked TypeError', simple: 'read 0' });

  // A top-level form POST is a navigation: the answer shows, and must not be the agent's.
  await page.setContent(
    `<form method="post" enctype="text/plain" action="${h.server.url}/agent/conversations/${id}/events"><input name='{"text":"Sent by a form on evil.test","x":"' value='"}'></form>`,
  );
  // A form POST: the response is what is checked, and its URL is the one the page is on.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const [response] = await Promise.all([page.waitForNavigation(), page.evaluate(() => document.querySelector('form')?.submit())]);
  assert.ok(response && [401, 403, 415].includes(response.status()), `the form's POST is refused (${String(response?.status())})`);

  const texts = (await h.server.conversation(id)).events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text);
  assert.deepEqual(texts, ['please help me'], 'nothing was written as the agent');
  await context.close();
});
