// The client against a hostile server: a real node:http / ws server on loopback that
// sends garbage, wrong versions, wrong types, unknown events, prototype-pollution
// attempts and oversized events. Each is refused with a coded analytics `error`, the
// valid events around them still land, and the state stays intact.
import { clientStorage } from '../support.js';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { createConversation } from '../../../core/src/conversation/index.js';
import { httpTransport, webSocketTransport, type WebSocketConstructor } from '../../../core/src/transport/index.js';
import type { AnalyticsEvent, Transport } from '../../../core/src/conversation.types.js';
import { sleep } from './fault-proxy.js';

const big = 'x'.repeat(2 * 1024 * 1024);
/** What the hostile server sends, in order; `code` is the error the client must report (none: valid). */
const FRAMES: { data: string; code?: 'protocol/invalid' | 'protocol/version'; what: string }[] = [
  { what: 'a valid agent message', data: '{"v":1,"seq":1,"type":"text","id":"ok1","from":"agent","text":"first","at":1}' },
  { what: 'not JSON', data: '<script>alert(1)</script>', code: 'protocol/invalid' },
  { what: 'truncated JSON', data: '{"v":1,"seq":2,"type":"text","id":"t', code: 'protocol/invalid' },
  {
    what: 'another protocol version',
    data: '{"v":2,"seq":2,"type":"text","id":"v2","from":"agent","text":"from the future","at":1}',
    code: 'protocol/version',
  },
  { what: 'no version', data: '{"seq":2,"type":"text","id":"v0","from":"agent","text":"no v","at":1}', code: 'protocol/version' },
  { what: 'an unknown sender', data: '{"v":1,"seq":2,"type":"text","id":"t2","from":"root","text":"x","at":1}', code: 'protocol/invalid' },
  { what: 'an object id', data: '{"v":1,"seq":2,"type":"text","id":{"toString":1},"from":"agent","text":"x","at":1}', code: 'protocol/invalid' },
  { what: 'a number as text', data: '{"v":1,"seq":2,"type":"text","id":"t3","from":"agent","text":42,"at":1}', code: 'protocol/invalid' },
  {
    what: 'four options',
    data: '{"v":1,"seq":2,"type":"choice","id":"c4","prompt":"p","options":[{"id":"a","label":"a"},{"id":"b","label":"b"},{"id":"c","label":"c"},{"id":"d","label":"d"}]}',
    code: 'protocol/invalid',
  },
  { what: 'an array', data: '[1,2,3]', code: 'protocol/invalid' },
  { what: 'null', data: 'null', code: 'protocol/invalid' },
  { what: 'a string seq', data: '{"v":1,"seq":"2","type":"typing","on":true}', code: 'protocol/invalid' },
  { what: 'a negative seq', data: '{"v":1,"seq":-1,"type":"typing","on":true}', code: 'protocol/invalid' },
  { what: 'an unknown event type', data: '{"v":1,"seq":2,"type":"eval","code":"globalThis.__pwned=1"}', code: 'protocol/invalid' },
  { what: 'a __proto__ type', data: '{"v":1,"seq":2,"type":"__proto__"}', code: 'protocol/invalid' },
  {
    what: 'an oversized (2 MB) but well-formed message',
    data: `{"v":1,"seq":2,"type":"text","id":"huge","from":"agent","text":"${big}","at":1}`,
    code: 'protocol/invalid',
  },
  {
    what: 'a prototype-pollution attempt',
    data: '{"v":1,"seq":2,"type":"text","id":"ok2","from":"agent","text":"second","at":1,"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
  },
  { what: 'a valid message after all that', data: '{"v":1,"seq":3,"type":"text","id":"ok3","from":"agent","text":"third","at":1}' },
];
const EXPECTED_ERRORS = FRAMES.filter((f) => f.code).map((f) => f.code!);

async function hostile(): Promise<{ url: string; close(): Promise<void> }> {
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (req.method === 'POST') return void req.resume().on('end', () => res.end(req.url === '/conversations' ? '{"id":"h1","token":"t"}' : '{"ok":true}'));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    streams.add(res);
    // Only the first connection gets the garbage; reconnects get nothing new.
    if (!(req.url ?? '').includes('since=0')) return;
    for (const frame of FRAMES) res.write(`data: ${frame.data}\n\n`);
    // Not protocol events at all: a named SSE event and a comment are ignored.
    res.write('event: exec\ndata: {"v":1,"type":"typing","on":true}\n\n: a comment\n\n');
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    if (!(req.url ?? '').includes('since=0')) return;
    for (const frame of FRAMES) ws.send(frame.data);
    ws.send(Buffer.from([0xff, 0xfe, 0x00]), { binary: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const res of streams) res.destroy();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const server = await hostile();
after(() => server.close());

const transports: Record<string, () => Transport> = {
  sse: () => httpTransport({ url: server.url }),
  websocket: () => webSocketTransport({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor }),
};

for (const [kind, make] of Object.entries(transports)) {
  test(`${kind}: malformed, oversized, unknown-version and wrong-typed server events are refused with coded errors; state stays intact`, async () => {
    const conversation = createConversation({ storage: clientStorage, transport: make(), id: `hostile-${kind}` });
    const errors: AnalyticsEvent[] = [];
    conversation.on('error', (e) => errors.push(e));
    conversation.subscribe(() => {});
    const expected = EXPECTED_ERRORS.length + (kind === 'websocket' ? 1 : 0);
    for (let i = 0; i < 200 && (errors.length < expected || conversation.getSnapshot().messages.length < 3); i++) await sleep(10);

    const codes = errors.map((e) => (e.type === 'error' ? e.error.code : ''));
    const want = [...EXPECTED_ERRORS, ...(kind === 'websocket' ? ['protocol/invalid' as const] : [])];
    assert.deepEqual(
      [...codes].sort(),
      [...want].sort(),
      `errors: ${errors.map((e) => (e.type === 'error' ? `${e.error.code} ${e.error.message.slice(0, 80)}` : '')).join('\n')}`,
    );
    const snapshot = conversation.getSnapshot();
    assert.deepEqual(
      snapshot.messages.map((m) => [m.id, m.kind === 'text' ? m.text : '']),
      [
        ['ok1', 'first'],
        ['ok2', 'second'],
        ['ok3', 'third'],
      ],
    );
    assert.equal(snapshot.status, 'open');
    assert.equal(snapshot.typing, false, 'the named SSE event was not applied');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
    assert.equal((snapshot.messages[1] as unknown as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(snapshot.messages[1]), Object.prototype);
    assert.equal((globalThis as { __pwned?: unknown }).__pwned, undefined);
    // The conversation still works: a send goes out.
    assert.match(conversation.send('still alive?'), /^m_/);
    conversation.dispose();
  });
}

test('sse: an event that grows past 1 MB (one endless line, or many data lines) is dropped whole as it streams; the stream goes on', async () => {
  const chunk = 'y'.repeat(64 * 1024);
  const endless = createServer((req, res) => {
    if (req.method === 'POST') return void req.resume().on('end', () => res.end('{"id":"e1","token":"t"}'));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // 3 MB in one `data:` line, then 2 MB in 32 `data:` lines, each followed by a valid event.
    res.write('data: "');
    for (let i = 0; i < 48; i++) res.write(chunk);
    res.write('"\n\ndata: {"v":1,"seq":1,"type":"text","id":"after-line","from":"agent","text":"one","at":1}\n\n');
    for (let i = 0; i < 32; i++) res.write(`data: ${chunk}\n`);
    res.write('\ndata: {"v":1,"seq":2,"type":"text","id":"after-lines","from":"agent","text":"two","at":1}\n\n');
  });
  await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`;
  const conversation = createConversation({ storage: clientStorage, transport: httpTransport({ url }), id: 'endless' });
  const errors: string[] = [];
  conversation.on('error', (e) => errors.push(e.error.code));
  conversation.subscribe(() => {});
  for (let i = 0; i < 300 && conversation.getSnapshot().messages.length < 2; i++) await sleep(10);
  assert.deepEqual(errors, ['protocol/invalid', 'protocol/invalid']);
  assert.deepEqual(
    conversation.getSnapshot().messages.map((m) => m.id),
    ['after-line', 'after-lines'],
  );
  assert.equal(conversation.getSnapshot().status, 'open');
  conversation.dispose();
  endless.closeAllConnections();
  await new Promise((resolve) => endless.close(resolve));
});
