import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConversation } from '../src/conversation/index.js';
import { httpTransport } from '../src/transport/index.js';
import { memoryStorage } from '../src/storage/index.js';
import type { AnalyticsEvent } from '../src/conversation.types.js';
import type { ConversationStatus } from '../src/types.js';
import type { TextMessage } from '../src/types.js';
import { createServer as startServer } from '../../server/src/index.js';
import { FRAME_MS } from '../src/conversation/notifier.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(5);
  }
}

/** A fetch double: streams are driven by the test, POSTs are recorded. */
function fakeFetch() {
  const calls: { url: string; init: RequestInit }[] = [];
  const streams: { controller: ReadableStreamDefaultController<Uint8Array>; signal: AbortSignal }[] = [];
  let postStatus = 200;
  let failStreams = 0;
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    // Creating the conversation: the server issues the id and token (not recorded in `calls`).
    if (init.method === 'POST' && url.endsWith('/conversations')) return new Response('{"id":"c 1","token":"t"}', { status: 201 });
    calls.push({ url, init });
    if (init.method === 'POST') return new Response('{"ok":true}', { status: postStatus });
    if (failStreams > 0) {
      failStreams--;
      throw new TypeError('fetch failed');
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const signal = init.signal!;
    signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    streams.push({ controller, signal });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  }) as typeof globalThis.fetch;
  const bytes = new TextEncoder();
  return {
    fetch,
    calls,
    streams,
    push: (text: string, index = streams.length - 1) => streams[index]!.controller.enqueue(bytes.encode(text)),
    pushBytes: (data: Uint8Array) => streams.at(-1)!.controller.enqueue(data),
    end: () => streams.at(-1)!.controller.close(),
    setPostStatus: (s: number) => void (postStatus = s),
    failStreams: (n: number) => void (failStreams = n),
  };
}

function setup(f: ReturnType<typeof fakeFetch>, options: { offlineAfter?: number } = {}) {
  const statuses: ConversationStatus[] = [];
  // Subscribers hear of changes once per frame: a reconnect pause shorter than a frame (full
  // jitter allows 0 ms) would let 'reconnecting'/'offline' come and go unseen. Every pause is a
  // fixed 2 frames, so each status is notified before the next attempt starts.
  const pause = 2 * FRAME_MS;
  const transport = httpTransport({
    url: 'https://api.example.com/attune/',
    fetch: f.fetch,
    headers: () => ({ authorization: 'Bearer t' }),
    reconnect: { baseMs: pause, maxMs: pause, random: () => 0.999, ...options },
  });
  const conversation = createConversation({ transport, id: 'c 1' });
  const events: AnalyticsEvent[] = [];
  conversation.on('*', (e) => events.push(e));
  conversation.subscribe(() => statuses.push(conversation.getSnapshot().status));
  return { conversation, events, statuses };
}

test('streams SSE from {url}/conversations/{id}/stream and reports open', async () => {
  const f = fakeFetch();
  const { conversation } = setup(f);
  await until(() => conversation.getSnapshot().status === 'open');
  assert.equal(f.calls[0]!.url, 'https://api.example.com/attune/conversations/c%201/stream?since=0');
  assert.equal((f.calls[0]!.init.headers as Record<string, string>).authorization, 'Bearer t');
  f.push(': hi\n\nid: 1\ndata: {"v":1,"seq":1,"type":"text","id":"a","from":"agent","text":"H');
  f.push('ello","at":1}\r\n\r\n');
  await until(() => conversation.getSnapshot().messages.length === 1);
  assert.equal((conversation.getSnapshot().messages[0] as TextMessage).text, 'Hello');
  conversation.dispose();
});

test('multi-byte characters split across chunks survive', async () => {
  const f = fakeFetch();
  const { conversation } = setup(f);
  await until(() => f.streams.length === 1);
  const bytes = new TextEncoder().encode('data: {"v":1,"seq":1,"type":"text","id":"a","from":"agent","text":"¡olé ✓ 😀","at":1}\n\n');
  for (let i = 0; i < bytes.length; i += 3) f.pushBytes(bytes.slice(i, i + 3));
  await until(() => conversation.getSnapshot().messages.length === 1);
  assert.equal((conversation.getSnapshot().messages[0] as TextMessage).text, '¡olé ✓ 😀');
  conversation.dispose();
});

test('a lost stream reconnects with since = the last seq and duplicates are merged', async () => {
  const f = fakeFetch();
  const { conversation, statuses } = setup(f);
  await until(() => f.streams.length === 1);
  f.push(
    'data: {"v":1,"seq":1,"type":"text","id":"a","from":"agent","text":"one","at":1}\n\ndata: {"v":1,"seq":2,"type":"text","id":"b","from":"agent","text":"two","at":1}\n\n',
  );
  await until(() => conversation.getSnapshot().messages.length === 2);
  f.end();
  await until(() => f.streams.length === 2);
  assert.match(f.calls.at(-1)!.url, /since=2$/);
  // With a message: Node 20 builds a missing one by re-parsing this TypeScript source, which spins for minutes.
  assert.ok(statuses.includes('reconnecting'), `subscribers saw ${statuses.join(', ')}`);
  f.push('data: {"v":1,"seq":2,"type":"text","id":"b","from":"agent","text":"two","at":1}\n\ndata: {"v":1,"seq":3,"type":"typing","on":true}\n\n');
  await until(() => conversation.getSnapshot().typing);
  assert.equal(conversation.getSnapshot().messages.length, 2);
  assert.equal(conversation.getSnapshot().status, 'open');
  conversation.dispose();
});

test('after repeated failures the status is offline, then open again when the server is back', async () => {
  const f = fakeFetch();
  f.failStreams(4);
  const { conversation, statuses } = setup(f, { offlineAfter: 3 });
  // Subscribers hear of a change once per frame (16 ms in Node): wait for the notification.
  await until(() => statuses.at(-1) === 'open');
  assert.deepEqual([...new Set(statuses)], ['connecting', 'reconnecting', 'offline', 'open']);
  assert.equal(conversation.getSnapshot().error, null);
  conversation.dispose();
});

test('invalid events are reported through analytics and change nothing', async () => {
  const f = fakeFetch();
  const { conversation, events } = setup(f);
  await until(() => f.streams.length === 1);
  await sleep(5);
  const before = conversation.getSnapshot();
  f.push('data: {not json\n\ndata: {"v":9,"type":"typing","on":true}\n\ndata: {"v":1,"type":"text","id":3}\n\n');
  await until(() => events.filter((e) => e.type === 'error').length === 3);
  assert.deepEqual(
    events.filter((e) => e.type === 'error').map((e) => (e as { error: { code: string } }).error.code),
    ['protocol/invalid', 'protocol/version', 'protocol/invalid'],
  );
  assert.equal(conversation.getSnapshot(), before);
  conversation.dispose();
});

test('send POSTs the JSON event; a 400 fails the message for good, a 503 is retried', async () => {
  const f = fakeFetch();
  const { conversation } = setup(f);
  f.setPostStatus(400);
  const bad = conversation.send('first');
  await until(() => (conversation.getSnapshot().messages[0] as TextMessage).status === 'failed');
  const post = f.calls.find((c) => c.init.method === 'POST')!;
  assert.equal(post.url, 'https://api.example.com/attune/conversations/c%201/events');
  assert.deepEqual(JSON.parse(post.init.body as string), {
    v: 1,
    type: 'message',
    id: bad,
    text: 'first',
    at: (conversation.getSnapshot().messages[0] as TextMessage).at,
  });
  f.setPostStatus(503);
  conversation.send('second');
  await until(() => f.calls.filter((c) => c.init.method === 'POST').length >= 3);
  assert.equal((conversation.getSnapshot().messages[1] as TextMessage).status, 'pending');
  conversation.dispose();
});

test('dispose aborts the stream and leaves nothing running', async () => {
  const f = fakeFetch();
  const { conversation } = setup(f);
  await until(() => f.streams.length === 1);
  conversation.dispose();
  assert.equal(f.streams[0]!.signal.aborted, true);
  const calls = f.calls.length;
  await sleep(50);
  assert.equal(f.calls.length, calls, 'no reconnect after dispose');
});

test('against the reference server: send, ack, agent reply and replay', async () => {
  const server = await startServer({
    port: 0,
    agent: (event) =>
      event.type === 'message'
        ? [{ v: 1, type: 'text', id: `r_${event.id}`, from: 'agent', text: `You said: ${event.text}`, at: Date.now(), status: 'sent' }]
        : [],
  });
  try {
    // One storage, as one browser's: it keeps the server-issued id and token between the two clients.
    const storage = memoryStorage();
    const conversation = createConversation({ transport: httpTransport({ url: server.url }), id: 'live', storage });
    conversation.subscribe(() => {});
    const id = conversation.send('hello server');
    await until(() => conversation.getSnapshot().messages.length === 2);
    const [mine, reply] = conversation.getSnapshot().messages as TextMessage[];
    assert.deepEqual([mine!.id, mine!.status, reply!.text], [id, 'sent', 'You said: hello server']);
    conversation.dispose();
    // A new client with no history gets the whole conversation replayed.
    const other = createConversation({
      transport: httpTransport({ url: server.url }),
      id: 'live',
      storage: { get: (k) => (k.startsWith('attune:server:') ? storage.get(k) : undefined), set: () => {}, remove: () => {} },
    });
    other.subscribe(() => {});
    await until(() => other.getSnapshot().messages.length === 2);
    other.dispose();
  } finally {
    await server.close();
  }
});
