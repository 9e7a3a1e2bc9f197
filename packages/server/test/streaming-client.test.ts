// Streaming replies as the widget sees them (issue 12 "done when"): core's conversation
// with its real transports (`httpTransport` SSE + POST, `webSocketTransport`) against the
// real reference server on loopback. A 2,000-token reply streams and the client shows it
// growing in order to exactly the concatenation; a connection cut mid-stream resumes (the
// cumulative delta) and ends with the same final text; `stop()` ends it and the server
// stores what was sent, marked stopped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { createConversation } from '../../core/src/conversation/index.js';
import { httpTransport, webSocketTransport, type WebSocketConstructor } from '../../core/src/transport/index.js';
import { memoryStorage } from '../../core/src/storage/index.js';
import type { Conversation, Transport } from '../../core/src/conversation.types.js';
import type { TextMessage } from '../../core/src/types.js';
import type { ServerAgent } from '../src/index.js';
import { serverIdOf, startServer, type TestServer } from './support.js';
import { sleep, startFaultProxy, seeded, type FaultProxy } from './faults/fault-proxy.js';

const TOKENS = 2000;
const token = (i: number): string => `t${i} `;
const whole = Array.from({ length: TOKENS }, (_, i) => token(i)).join('');

let gapMs = 0;
async function* tokens(signal: AbortSignal): AsyncIterable<string> {
  for (let i = 0; i < TOKENS && !signal.aborted; i++) {
    // A gap of 0 still yields to the event loop between tokens (a model answering fast).
    await sleep(gapMs);
    yield token(i);
  }
}
// A reply to a message with "sorry" in it is an apology: the agent tags the stream.
const agent: ServerAgent = (event, { signal }) =>
  event.type === 'message' ? [{ stream: tokens(signal), name: 'Bot', ...(event.text.includes('sorry') ? { tags: ['apology'] } : {}) }] : [];

let server: TestServer;
let proxy: FaultProxy;
before(async () => {
  server = await startServer({ port: 0, agent });
  // No faults unless a test cuts the connection: the proxy is only there to `drop()` it.
  proxy = await startFaultProxy({ target: server.url, random: seeded(1) });
});
after(async () => {
  await proxy.close();
  await server.close();
});

type Kind = 'sse' | 'websocket';
const reconnect = { baseMs: 10, maxMs: 100 };
const transportFor = (kind: Kind, url: string): Transport =>
  kind === 'sse' ? httpTransport({ url, reconnect }) : webSocketTransport({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect });

interface Watched {
  conversation: Conversation;
  storage: ReturnType<typeof memoryStorage>;
  /** Every text the reply showed, one entry per notification that changed it, with its streaming flag. */
  shown: { text: string; streaming: boolean }[];
  reply(): TextMessage | undefined;
  until(check: (reply: TextMessage) => boolean, timeoutMs?: number): Promise<TextMessage>;
}

let conversations = 0;
function open(kind: Kind, url: string): Watched {
  const storage = memoryStorage();
  const conversation = createConversation({ transport: transportFor(kind, url), storage, id: `stream-${kind}-${++conversations}` });
  const reply = (): TextMessage | undefined => conversation.getSnapshot().messages.find((m): m is TextMessage => m.kind === 'text' && m.from === 'agent');
  const shown: Watched['shown'] = [];
  conversation.subscribe(() => {
    const r = reply();
    const last = shown.at(-1);
    if (r && (r.text !== last?.text || Boolean(r.streaming) !== last.streaming)) shown.push({ text: r.text, streaming: Boolean(r.streaming) });
  });
  return {
    conversation,
    storage,
    shown,
    reply,
    async until(check, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = reply();
        if (r && check(r)) return r;
        if (Date.now() > deadline)
          throw new Error(`timed out; the reply shows ${r ? `${r.text.length} characters, streaming ${String(r.streaming)}, status ${r.status}` : 'nothing'}`);
        await sleep(10);
      }
    },
  };
}

/** The reply only ever grew, token by token in order: every text shown is a prefix of the next. */
function assertGrewInOrder(shown: Watched['shown'], final: string): void {
  for (const [i, s] of shown.entries()) {
    assert.ok(final.startsWith(s.text), `shown text #${i} (${s.text.length} characters) is not a prefix of the final text`);
    const prev = shown[i - 1];
    if (prev) assert.ok(s.text.length >= prev.text.length, `the text shrank from ${prev.text.length} to ${s.text.length} characters`);
  }
}

const storedReply = async (w: Watched): Promise<Record<string, unknown> | undefined> => {
  const events = await server.store.read(await serverIdOf(w.storage, w.conversation.id), 0);
  return [...events].reverse().find((e) => e.type === 'text' && e.from === 'agent');
};

for (const kind of ['sse', 'websocket'] as const) {
  describe(`core's ${kind === 'sse' ? 'httpTransport (SSE)' : 'webSocketTransport'} against the real server`, () => {
    test('a 2,000-token reply streams in order and ends as exactly the concatenation', async () => {
      gapMs = 0;
      const w = open(kind, server.url);
      try {
        w.conversation.send('tell me a long story');
        const final = await w.until((r) => !r.streaming && r.text.length > 0);
        assert.equal(final.text, whole, 'the final text is every token, in order');
        assert.equal(final.status, 'sent');
        const partial = w.shown.filter((s) => s.streaming && s.text.length > 0 && s.text.length < whole.length);
        assert.ok(partial.length >= 3, `the client showed the reply growing (${partial.length} partial states), not arriving whole`);
        assertGrewInOrder(w.shown, whole);
        assert.equal((await storedReply(w))?.text, whole, 'the stored final text is the same');
      } finally {
        w.conversation.dispose();
      }
    });

    test('a streamed apology counts once in analytics (apologyUsed) and is stored tagged', async () => {
      gapMs = 0;
      const w = open(kind, server.url);
      const apologies: string[] = [];
      w.conversation.on('apologyUsed', (e) => apologies.push(e.messageId));
      try {
        w.conversation.send('say sorry at length');
        const final = await w.until((r) => !r.streaming && r.text.length > 0);
        assert.equal(final.text, whole);
        assert.deepEqual(final.tags, ['apology']);
        assert.deepEqual((await storedReply(w))?.tags, ['apology']);
        await sleep(50);
        assert.deepEqual(apologies, [final.id]);
      } finally {
        w.conversation.dispose();
      }
    });

    test('a connection cut mid-stream resumes with the cumulative delta and ends with the same text', async () => {
      gapMs = 2;
      const w = open(kind, proxy.url);
      try {
        w.conversation.send('go');
        const before = await w.until((r) => Boolean(r.streaming) && r.text.length > 200);
        proxy.drop();
        const cutAt = before.text.length;
        // Still streaming after the reconnect, with more text than before the cut: the
        // resumed connection's cumulative delta (offset 0) and the live deltas after it.
        const resumed = await w.until((r) => (Boolean(r.streaming) && r.text.length > cutAt + 200) || !r.streaming);
        assert.ok(resumed.streaming, 'the stream resumed before it ended (the cut happened early enough to test a resume)');
        const final = await w.until((r) => !r.streaming);
        assert.equal(final.text, whole);
        assert.equal(final.status, 'sent');
        assertGrewInOrder(w.shown, whole);
        assert.ok(proxy.counters.drops >= 1);
      } finally {
        w.conversation.dispose();
      }
    });

    test('stop() ends the reply; the server stores what was sent, marked stopped', async () => {
      gapMs = 2;
      const w = open(kind, server.url);
      try {
        w.conversation.send('go');
        const streaming = await w.until((r) => Boolean(r.streaming) && r.text.length > 100);
        w.conversation.stop(streaming.id);
        const stopped = await w.until((r) => !r.streaming);
        assert.equal(stopped.stopped, true, 'the client marks it stopped at once');
        // The server's final text (what it had sent when the stop arrived) replaces the client's.
        let stored: Record<string, unknown> | undefined;
        for (let i = 0; i < 300 && (stored = await storedReply(w))?.status === 'streaming'; i++) await sleep(10);
        assert.equal(stored?.status, 'sent');
        assert.deepEqual(stored?.tags, ['stopped']);
        const text = String(stored?.text);
        assert.ok(text.length < whole.length && whole.startsWith(text), 'the stored text is a prefix: what was sent before the stop');
        const settled = await w.until((r) => r.seq === stored?.seq);
        assert.equal(settled.text, text, 'the client ends with the stored text');
        assert.equal(settled.stopped, true);
        assert.equal(settled.streaming, undefined);
        // Nothing streams on after the stop.
        await sleep(200);
        assert.equal(w.reply()?.text, text);
      } finally {
        w.conversation.dispose();
      }
    });
  });
}
