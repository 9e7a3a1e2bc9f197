import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startServer } from './support.js';
import { CONSOLE_JS } from '../src/routes/console-page.js';

const server = await startServer({ port: 0 });
after(() => server.close());

const post = (path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), ...init });

/** Reads SSE `data:` payloads until `count` arrived. */
async function readStream(path: string, count: number): Promise<Record<string, unknown>[]> {
  const controller = new AbortController();
  const res = await fetch(`${server.url}${path}`, { signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events = () => [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
  while (events().length < count) text += decoder.decode((await reader.read()).value, { stream: true });
  controller.abort();
  return events();
}

test('GET /health', async () => {
  const res = await fetch(`${server.url}/health`);
  assert.deepEqual(await res.json(), { ok: true, protocol: 1 });
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
});

test('CORS preflight is answered', async () => {
  const res = await fetch(`${server.url}/conversations/x/events`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
  assert.equal(res.status, 204);
  assert.match(res.headers.get('access-control-allow-headers')!, /content-type/);
});

test('a client event id is stored once; ack and the message get seqs; replay honours since', async () => {
  const event = { v: 1, type: 'message', id: 'm1', text: 'where is my parcel?' };
  const first = await (await post('/conversations/idem/events', event)).json();
  const second = await (await post('/conversations/idem/events', event)).json();
  assert.deepEqual([first.duplicate, second.duplicate], [false, true]);
  await post('/conversations/idem/events', { v: 1, type: 'end', id: 'e1' });
  const all = await readStream('/conversations/idem/stream?since=0', 4);
  assert.deepEqual(all.map((e) => [e.seq, e.type, e.id]), [[1, 'text', 'm1'], [2, 'ack', 'm1'], [3, 'text', 'end_e1'], [4, 'ack', 'e1']]);
  assert.equal(all[0]!.from, 'customer');
  const later = await readStream('/conversations/idem/stream?since=2', 2);
  assert.deepEqual(later.map((e) => e.seq), [3, 4]);
  const record = await server.conversation('idem');
  assert.equal(record!.events.filter((e) => e.type === 'text' && e.id === 'm1').length, 1);
});

test('bad requests get a coded JSON error', async () => {
  const cases: [Promise<Response>, number, string][] = [
    [post('/conversations/x/events', '{oops'), 400, 'protocol/invalid'],
    [post('/conversations/x/events', { v: 2, type: 'message', id: 'a', text: 'b' }), 400, 'protocol/version'],
    [post('/conversations/x/events', { v: 1, type: 'message', id: 'a' }), 400, 'protocol/invalid'],
    [post('/conversations/x/events', { v: 1, type: 'csat', id: 'a', score: 9 }), 400, 'protocol/invalid'],
    [post('/conversations/x/events', { v: 1, type: 'message', id: 'a', text: 'x'.repeat(70_000) }), 413, 'body/too-large'],
    [post('/conversations/..%2Fetc/events', { v: 1, type: 'end', id: 'a' }), 400, 'conversation/id'],
    [fetch(`${server.url}/nope`), 404, 'request/not-found'],
    [fetch(`${server.url}/conversations/x/events`), 405, 'request/method'],
    [fetch(`${server.url}/conversations/x/stream?since=-1`), 400, 'request/since'],
  ];
  for (const [pending, status, code] of cases) {
    const res = await pending;
    assert.equal(res.status, status, code);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
  }
});

test('echo, choice and csat events update the stored messages; an unknown picker changes nothing', async () => {
  const s = await startServer({
    port: 0,
    agent: (event) =>
      event.type === 'message'
        ? [
            { v: 1, type: 'echo', id: 'e', about: event.id, text: 'It sounds like…', reflection: 'your parcel is late', state: 'proposed', at: 1 },
            { v: 1, type: 'choice', id: 'p', prompt: 'Next?', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], at: 1 },
            { v: 1, type: 'csat', id: 'q', prompt: 'How did we do?', scale: 5, at: 1 },
          ]
        : [],
  });
  try {
    const send = (body: unknown) => fetch(`${s.url}/conversations/upd/events`, { method: 'POST', body: JSON.stringify(body) });
    await send({ v: 1, type: 'message', id: 'm', text: 'my parcel is late' });
    await send({ v: 1, type: 'echo.correct', id: 'x1', echoId: 'e', text: 'it is damaged' });
    await send({ v: 1, type: 'choose', id: 'x2', pickerId: 'p', optionId: 'b' });
    await send({ v: 1, type: 'choose', id: 'x3', pickerId: 'missing', optionId: 'b' });
    await send({ v: 1, type: 'csat', id: 'x4', csatId: 'q', score: 5, comment: 'great' });
    const events = (await s.conversation('upd'))!.events;
    const last = (type: string) => events.filter((e) => e.type === type).at(-1) as Record<string, unknown>;
    assert.deepEqual([last('echo').state, last('echo').correction], ['corrected', 'it is damaged']);
    assert.equal(last('choice').chosen, 'b');
    assert.deepEqual([last('csat').score, last('csat').comment], [5, 'great']);
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
    assert.equal(events.filter((e) => e.type === 'ack').length, 5);
  } finally {
    await s.close();
  }
});

test('WebSocket: replay, events in, acks out, coded errors for bad frames', async () => {
  await post('/conversations/wsx/events', { v: 1, type: 'message', id: 'pre', text: 'before' });
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/conversations/wsx/ws?since=0`);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ v: 1, type: 'message', id: 'live', text: 'over ws' }));
  ws.send(JSON.stringify({ v: 1, type: 'message', id: 'bad' }));
  ws.send('garbage');
  while (frames.length < 6) await new Promise((r) => setTimeout(r, 5));
  // Errors are answered at once; the valid event after its write: compare without order.
  assert.deepEqual(frames.map((f) => `${f.type}:${f.id ?? f.code}`).sort(), ['ack:live', 'ack:pre', 'error:bad', 'error:protocol/invalid', 'text:live', 'text:pre']);
  assert.ok(frames.filter((f) => f.type === 'error').every((f) => f.code === 'protocol/invalid'));
  assert.deepEqual(frames.slice(0, 2).map((f) => f.id), ['pre', 'pre'], 'the replay comes first');
  ws.close();
});

test('agent console: page, list, reply into the conversation', async () => {
  const page = await fetch(`${server.url}/console`);
  assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="\/console.js">/);
  assert.doesNotMatch(CONSOLE_JS, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  await post('/conversations/help/events', { v: 1, type: 'message', id: 'q', text: 'I need help' });
  const list = (await (await fetch(`${server.url}/agent/conversations`)).json()) as { conversations: { id: string; preview: string }[] };
  assert.equal(list.conversations.find((c) => c.id === 'help')?.preview, 'I need help');
  const bad = await post('/agent/conversations/help/events', { text: '  ' });
  assert.equal(bad.status, 400);
  const ok = await post('/agent/conversations/help/events', { type: 'text', text: '<b>On it</b>' });
  assert.equal(ok.status, 200);
  const events = await readStream('/conversations/help/stream?since=2', 1);
  assert.deepEqual([events[0]!.type, events[0]!.from, events[0]!.text], ['text', 'agent', '<b>On it</b>']);
});

test('the file store keeps conversations across a restart', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'attune-store-'));
  try {
    let s = await startServer({ port: 0, dataDir });
    const port = s.port;
    await fetch(`${s.url}/conversations/keep/events`, { method: 'POST', body: JSON.stringify({ v: 1, type: 'message', id: 'k1', text: 'remember me' }) });
    await s.close();
    s = await startServer({ port, dataDir });
    const again = await (await fetch(`${s.url}/conversations/keep/events`, { method: 'POST', body: JSON.stringify({ v: 1, type: 'message', id: 'k1', text: 'remember me' }) })).json();
    assert.equal(again.duplicate, true);
    assert.equal((await s.conversation('keep'))!.events.length, 2);
    await s.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
