// Offline at the core level, over the real reference server: the network goes away (a
// proxy that refuses every connection, or the server stopping), and comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { agentPost, startServer, clientStorage } from '../support.js';
import { createConversation } from '../../../core/src/conversation/index.js';
import { httpTransport, webSocketTransport, type WebSocketConstructor } from '../../../core/src/transport/index.js';
import type { Conversation, Transport } from '../../../core/src/conversation.types.js';
import type { ConversationStatus, TextMessage } from '../../../core/src/types.js';
import { sleep, startFaultProxy } from './fault-proxy.js';

const reconnect = { baseMs: 10, maxMs: 40, offlineAfter: 3 };
const transports: Record<string, (url: string) => Transport> = {
  sse: (url) => httpTransport({ url, reconnect, sendTimeoutMs: 1000 }),
  websocket: (url) => webSocketTransport({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect }),
};

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}
const customer = (c: Conversation): TextMessage[] => c.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'customer');

for (const [kind, make] of Object.entries(transports)) {
  test(`${kind}: the network goes away → reconnecting, then offline; sends queue as pending; all delivered once when it is back`, async () => {
    const server = await startServer({ port: 0 });
    const proxy = await startFaultProxy({ target: server.url });
    const id = `offline-${kind}`;
    const conversation = createConversation({ storage: clientStorage, transport: make(proxy.url), id, backoff: { baseMs: 10, maxMs: 50, ackTimeoutMs: 500 } });
    const statuses: ConversationStatus[] = [];
    conversation.subscribe(() => {
      const { status } = conversation.getSnapshot();
      if (statuses.at(-1) !== status) statuses.push(status);
    });
    try {
      const first = conversation.send('before the network drops');
      await until(() => customer(conversation)[0]?.status === 'sent', 'the first message');

      proxy.setOffline(true);
      await until(() => conversation.getSnapshot().status === 'offline', 'offline');
      const queued = ['one', 'two', 'three'].map((t) => conversation.send(`while offline: ${t}`));
      // The agent answers meanwhile; it must arrive after the network is back.
      const agent = await agentPost(server, id, { text: 'Are you still there?' });
      const agentId = ((await agent.json()) as { event: { id: string } }).event.id;
      await sleep(150);
      assert.deepEqual(
        customer(conversation).map((m) => m.status),
        ['sent', 'pending', 'pending', 'pending'],
      );
      assert.equal(
        conversation.getSnapshot().messages.some((m) => m.id === agentId),
        false,
      );
      assert.deepEqual(statuses.slice(0, 4), ['connecting', 'open', 'reconnecting', 'offline']);

      proxy.setOffline(false);
      await until(
        () => customer(conversation).every((m) => m.status === 'sent') && conversation.getSnapshot().messages.some((m) => m.id === agentId),
        'delivery after the network is back',
      );
      assert.equal(conversation.getSnapshot().status, 'open');
      const stored = (await server.conversation(id))!.events.filter((e) => e.type === 'text' && e.from === 'customer').map((e) => (e as { id: string }).id);
      assert.deepEqual(stored, [first, ...queued]);
      assert.ok(proxy.counters.refused > 0, 'connections really were refused');
    } finally {
      conversation.dispose();
      await proxy.close();
      await server.close();
    }
  });

  test(`${kind}: the server stops and comes back on the same storage; a message that outlives retryWindowMs shows failed, and retry(id) delivers it once`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'attune-offline-'));
    let server = await startServer({ port: 0, dataDir });
    const { port, url } = server;
    const id = `window-${kind}`;
    const conversation = createConversation({
      storage: clientStorage,
      transport: make(url),
      id,
      retryWindowMs: 400,
      backoff: { baseMs: 10, maxMs: 50, ackTimeoutMs: 300 },
    });
    const failed: string[] = [];
    conversation.on('messageFailed', (e) => failed.push(e.messageId));
    conversation.subscribe(() => {});
    try {
      const first = conversation.send('hello');
      await until(() => customer(conversation)[0]?.status === 'sent', 'the first message');
      await server.close();
      await until(() => conversation.getSnapshot().status === 'offline', 'offline');
      const late = conversation.send('this one outlives the retry window');
      assert.equal(customer(conversation)[1]!.status, 'pending');
      await until(() => customer(conversation)[1]!.status === 'failed', 'failed', 3000);
      assert.deepEqual(failed, [late]);
      assert.equal(customer(conversation)[1]!.error?.code, 'transport/unreachable');

      server = await startServer({ port, dataDir });
      await until(() => conversation.getSnapshot().status === 'open', 'reconnected');
      await sleep(200);
      // Failed stays failed until the customer asks: nothing was sent behind their back.
      assert.equal(customer(conversation)[1]!.status, 'failed');
      let stored = (await server.conversation(id))!.events.filter((e) => e.type === 'text' && e.from === 'customer');
      assert.deepEqual(
        stored.map((e) => (e as { id: string }).id),
        [first],
      );

      conversation.retry(late);
      assert.equal(customer(conversation)[1]!.status, 'pending');
      await until(() => customer(conversation)[1]!.status === 'sent', 'the retried message');
      await sleep(100);
      stored = (await server.conversation(id))!.events.filter((e) => e.type === 'text' && e.from === 'customer');
      assert.deepEqual(
        stored.map((e) => (e as { id: string }).id),
        [first, late],
        'stored exactly once, with its original id',
      );
      assert.deepEqual(
        customer(conversation).map((m) => m.id),
        [first, late],
      );
      assert.throws(() => conversation.retry(late), { code: 'message/not-failed' });
    } finally {
      conversation.dispose();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}

test("the browser's offline event cuts a connection that still looks alive; the online event reconnects without waiting out the backoff", async () => {
  // Browsers keep a dead stream "open" until a timeout; their offline/online events say more.
  const events = new EventTarget();
  let onLine = true;
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.assign(globalThis, { addEventListener: events.addEventListener.bind(events), removeEventListener: events.removeEventListener.bind(events) });
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: {
      get onLine() {
        return onLine;
      },
    },
  });
  const server = await startServer({ port: 0 });
  // A backoff of about a minute: only the online event can bring it back in time.
  const slow = { baseMs: 60_000, maxMs: 60_000, random: () => 0.99 };
  const conversation = createConversation({ storage: clientStorage, transport: httpTransport({ url: server.url, reconnect: slow }), id: 'browser-events' });
  conversation.subscribe(() => {});
  try {
    await until(() => conversation.getSnapshot().status === 'open', 'open');
    onLine = false;
    events.dispatchEvent(new Event('offline'));
    await until(() => conversation.getSnapshot().status === 'offline', 'offline at once', 1000);
    const id = conversation.send('typed while offline');
    onLine = true;
    events.dispatchEvent(new Event('online'));
    await until(() => conversation.getSnapshot().status === 'open', 'open again without the minute of backoff', 2000);
    await until(() => customer(conversation)[0]?.status === 'sent', 'the message sent', 3000);
    assert.deepEqual(
      (await server.conversation('browser-events'))!.events.filter((e) => e.type === 'text').map((e) => (e as { id: string }).id),
      [id],
    );
  } finally {
    conversation.dispose();
    await server.close();
    delete (globalThis as { addEventListener?: unknown }).addEventListener;
    delete (globalThis as { removeEventListener?: unknown }).removeEventListener;
    if (saved) Object.defineProperty(globalThis, 'navigator', saved);
    else delete (globalThis as { navigator?: unknown }).navigator;
  }
});
