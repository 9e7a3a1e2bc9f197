import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createConversation } from '../src/conversation/index.js';
import { webSocketTransport, type WebSocketConstructor, type WebSocketLike } from '../src/transport/index.js';
import type { AnalyticsEvent } from '../src/conversation.types.js';
import type { ConversationStatus } from '../src/types.js';
import type { TextMessage } from '../src/types.js';
import { createServer as startServer } from '../../server/src/index.js';
import { FRAME_MS } from '../src/conversation/notifier.js';

// Node 20 has no global WebSocket: use `ws`, a dependency of the reference server.
const { WebSocket } = createRequire(new URL('../../../packages/server/package.json', import.meta.url))('ws') as { WebSocket: WebSocketConstructor };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(5);
  }
}

/** The server's answer to `POST {url}/conversations`: the conversation id is the test's, the token fixed. */
const created =
  (id: string): typeof fetch =>
  async () =>
    new Response(JSON.stringify({ id, token: 'tok' }), { status: 201 });

/** A scriptable WebSocket double that records every instance (the auth frame is kept apart from `sent`). */
function fakeSockets() {
  const sockets: FakeSocket[] = [];
  class FakeSocket implements WebSocketLike {
    readyState = 0;
    sent: string[] = [];
    closed = false;
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onerror: WebSocketLike['onerror'] = null;
    onclose: WebSocketLike['onclose'] = null;
    constructor(readonly url: string) {
      sockets.push(this);
    }
    auth: string[] = [];
    send(data: string) {
      if (data.startsWith('{"type":"auth"')) this.auth.push(data);
      else this.sent.push(data);
    }
    close() {
      this.closed = true;
      this.readyState = 3;
    }
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    message(data: string) {
      this.onmessage?.({ data });
    }
    drop() {
      this.readyState = 3;
      this.onclose?.({ code: 1006 });
    }
  }
  return { sockets, WebSocket: FakeSocket as unknown as WebSocketConstructor };
}

test('maps http(s) to ws(s), connects to /conversations/{id}/ws?since=, reconnects from the last seq', async () => {
  const fake = fakeSockets();
  const statuses: ConversationStatus[] = [];
  const conversation = createConversation({
    transport: webSocketTransport({
      url: 'https://x.example/chat',
      WebSocket: fake.WebSocket,
      fetch: created('w1'),
      reconnect: { baseMs: 2 * FRAME_MS, maxMs: 2 * FRAME_MS, random: () => 0.999 },
    }),
    id: 'w1',
  });
  conversation.subscribe(() => statuses.push(conversation.getSnapshot().status));
  await until(() => fake.sockets.length === 1);
  assert.equal(fake.sockets[0]!.url, 'wss://x.example/chat/conversations/w1/ws?since=0');
  fake.sockets[0]!.open();
  await until(() => statuses.at(-1) === 'open');
  fake.sockets[0]!.message('{"v":1,"seq":1,"type":"text","id":"a","from":"agent","text":"hi","at":1}');
  // Subscribers hear of changes once per frame: an 'open' dropped in the same task is never
  // seen, so wait for its notification; the reconnect pause (2 frames) lets 'reconnecting' be seen.
  await until(() => statuses.at(-1) === 'open');
  fake.sockets[0]!.drop();
  await until(() => fake.sockets.length === 2);
  assert.equal(fake.sockets[1]!.url, 'wss://x.example/chat/conversations/w1/ws?since=1');
  // Subscribers hear of changes once per frame (16 ms in Node): the reconnect is reported
  // before the new socket opens.
  await until(() => statuses.includes('reconnecting'));
  fake.sockets[1]!.open();
  await until(() => statuses.at(-1) === 'open');
  assert.deepEqual([...new Set(statuses)], ['connecting', 'open', 'reconnecting']);
  conversation.dispose();
  assert.equal(fake.sockets[1]!.closed, true);
  await sleep(30);
  assert.equal(fake.sockets.length, 2, 'no reconnect after dispose');
});

test('sends are rejected (and retried) until the socket is open; then they go out as JSON frames', async () => {
  const fake = fakeSockets();
  const conversation = createConversation({
    transport: webSocketTransport({ url: 'http://h', WebSocket: fake.WebSocket, fetch: created('c1') }),
    backoff: { baseMs: 5, maxMs: 5 },
  });
  const id = conversation.send('hello');
  await until(() => fake.sockets.length === 1);
  await sleep(20);
  assert.equal(fake.sockets[0]!.sent.length, 0);
  fake.sockets[0]!.open();
  await until(() => fake.sockets[0]!.sent.length > 0);
  assert.deepEqual(JSON.parse(fake.sockets[0]!.sent[0]!), {
    v: 1,
    type: 'message',
    id,
    text: 'hello',
    at: (conversation.getSnapshot().messages[0] as TextMessage).at,
  });
  fake.sockets[0]!.message(JSON.stringify({ v: 1, seq: 1, type: 'ack', id }));
  await until(() => (conversation.getSnapshot().messages[0] as TextMessage).status === 'sent');
  conversation.dispose();
});

test('invalid frames are reported as analytics errors; no WebSocket at all means offline with a coded error', async () => {
  const fake = fakeSockets();
  const conversation = createConversation({ transport: webSocketTransport({ url: 'http://h', WebSocket: fake.WebSocket, fetch: created('c2') }) });
  const events: AnalyticsEvent[] = [];
  conversation.on('error', (e) => events.push(e));
  conversation.subscribe(() => {});
  await until(() => fake.sockets.length === 1);
  fake.sockets[0]!.open();
  const before = conversation.getSnapshot();
  fake.sockets[0]!.message('nope');
  fake.sockets[0]!.message('{"v":1,"type":"typing","on":"yes"}');
  assert.deepEqual(
    events.map((e) => (e as { error: { code: string } }).error.code),
    ['protocol/invalid', 'protocol/invalid'],
  );
  assert.equal(conversation.getSnapshot(), before);
  conversation.dispose();

  const none = createConversation({ transport: webSocketTransport({ url: 'http://h', fetch: created('c3'), reconnect: { offlineAfter: 1, baseMs: 1000 } }) });
  none.subscribe(() => {});
  await until(() => none.getSnapshot().status === 'offline');
  assert.equal(none.getSnapshot().error?.code, 'transport/unreachable');
  none.dispose();
});

test('against the reference server with ws: send, ack, replay after a cut', async () => {
  const server = await startServer({ port: 0 });
  try {
    const conversation = createConversation({
      transport: webSocketTransport({ url: server.url, WebSocket, reconnect: { baseMs: 10, maxMs: 50 } }),
      id: 'ws-live',
    });
    conversation.subscribe(() => {});
    const a = conversation.send('one');
    await until(() => (conversation.getSnapshot().messages[0] as TextMessage | undefined)?.status === 'sent');
    server.dropConnections();
    const b = conversation.send('two');
    await until(
      () => (conversation.getSnapshot().messages as TextMessage[]).every((m) => m.status === 'sent') && conversation.getSnapshot().messages.length === 2,
    );
    const [meta] = (await server.store.list({ limit: 1 })).items;
    const stored = (await server.store.read(meta!.id, 0)).filter((e) => e.type === 'text').map((e) => (e as { id: string }).id);
    assert.deepEqual(stored, [a, b]);
    conversation.dispose();
  } finally {
    await server.close();
  }
});
