// Streaming replies over the wire (protocol v1.1): a 2,000-token reply over SSE and
// WebSocket, a reconnect mid-stream (cumulative delta), and stop.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { createServer, type RunningServer, type ServerAgent } from '../src/index.js';
import { newConversation, post, readSse } from './helpers.js';

const TOKENS = 2000;
const token = (i: number): string => `t${i} `;
const whole = Array.from({ length: TOKENS }, (_, i) => token(i)).join('');

/** Streams `count` tokens, one per `gapMs` (0: as fast as possible, yielding between tokens). */
async function* tokens(count: number, gapMs: number, signal: AbortSignal): AsyncIterable<string> {
  for (let i = 0; i < count && !signal.aborted; i++) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    yield token(i);
  }
}

let gapMs = 0;
const agent: ServerAgent = (event, { signal }) => (event.type === 'message' ? [{ stream: tokens(TOKENS, gapMs, signal), name: 'Bot' }] : []);

let server: RunningServer;
before(async () => {
  server = await createServer({ port: 0, agent });
});
after(() => server.close());

type Ev = Record<string, unknown>;

/** What a v1.1 client shows: deltas applied only at the current length. */
function fold(events: Ev[]): { text: string; final?: Ev; deltas: number } {
  let text = '';
  let final: Ev | undefined;
  let deltas = 0;
  for (const e of events) {
    if (e.type === 'text' && e.from === 'agent') {
      if (e.status === 'streaming') text = String(e.text);
      else final = e;
    }
    if (e.type === 'delta') {
      deltas++;
      if (e.offset === 0) text = String(e.text);
      else if (e.offset === text.length) text += String(e.text);
    }
  }
  return final ? { text, final, deltas } : { text, deltas };
}

test('a 2,000-token reply streams over SSE: deltas in order, then the final text (stored once)', async () => {
  gapMs = 0;
  const { id, token: t } = await newConversation(server.url);
  const reading = readSse(
    `${server.url}/conversations/${id}/stream`,
    t,
    (e) => e.some((x) => x.type === 'text' && x.from === 'agent' && x.status === 'sent'),
    20_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  await post(`${server.url}/conversations/${id}/events`, t, { v: 1, type: 'message', id: 'm1', text: 'tell me a long story' });
  const events = await reading;
  const { text, final, deltas } = fold(events);
  assert.ok(final?.text === whole, 'the final text is the whole reply');
  assert.ok(text === whole, 'the deltas add up to the final text');
  assert.ok(deltas > 1);
  assert.ok(
    events.filter((e) => e.type === 'delta').every((e) => e.seq === undefined),
    'deltas carry no seq',
  );
  const stored = await server.store.read(id, 0);
  assert.equal(stored.filter((e) => e.type === 'text' && e.from === 'agent').length, 2, 'start and final only: nothing stored per token');
});

test('a client reconnecting mid-stream gets the seq’d start and one cumulative delta', async () => {
  gapMs = 2;
  const { id, token: t } = await newConversation(server.url);
  await post(`${server.url}/conversations/${id}/events`, t, { v: 1, type: 'message', id: 'm1', text: 'go' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const events = await readSse(
    `${server.url}/conversations/${id}/stream?since=0`,
    t,
    (e) => e.some((x) => x.type === 'text' && x.from === 'agent' && x.status === 'sent'),
    30_000,
  );
  const firstDelta = events.find((e) => e.type === 'delta');
  assert.equal(firstDelta?.offset, 0, 'the first delta after a reconnect is cumulative');
  assert.ok(String(firstDelta?.text).length > 0);
  const { text, final } = fold(events);
  assert.ok(final?.text === whole, 'the final text is the whole reply');
  assert.ok(text === whole, `the deltas after the reconnect add up to the final text (${text.length} of ${whole.length})`);
});

test('stop ends the stream and stores what was sent, marked stopped (WebSocket)', async () => {
  gapMs = 2;
  const { id, token: t } = await newConversation(server.url);
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/conversations/${id}/ws`, ['attune.v1', `attune.token.${t}`]);
  const events: Ev[] = [];
  ws.on('message', (d: Buffer) => events.push(JSON.parse(d.toString()) as Ev));
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ v: 1, type: 'message', id: 'm1', text: 'go' }));
  const started = async (): Promise<Ev> => {
    for (;;) {
      const start = events.find((e) => e.type === 'text' && e.status === 'streaming');
      if (start && events.some((e) => e.type === 'delta')) return start;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const start = await started();
  ws.send(JSON.stringify({ v: 1, type: 'stop', id: String(start.id) }));
  for (let i = 0; i < 200 && !events.some((e) => e.type === 'text' && e.status === 'sent' && e.id === start.id); i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  ws.close();
  const { text, final } = fold(events);
  assert.ok(final, 'a final text is stored');
  assert.deepEqual(final.tags, ['stopped']);
  assert.ok(String(final.text).length < whole.length);
  assert.ok(whole.startsWith(String(final.text)));
  assert.equal(text, final.text);
});
