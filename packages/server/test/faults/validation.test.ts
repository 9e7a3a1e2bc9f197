// Input and protocol validation on both sides of the wire: `parseServerEvent` on the
// client, `validateClientEvent`, body caps and per-conversation rate limits on the server,
// and a flood of sends that the outbox delivers once the rate allows.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { clientStorage, startServer, type TestServer as RunningServer } from '../support.js';
import { tokenBuckets } from '../../src/limits.js';
import { validateClientEvent } from '../../src/validate.js';
import { parseServerEvent } from '../../../core/src/protocol.js';
import { isAttuneError } from '../../../core/src/errors.js';
import { createConversation } from '../../../core/src/conversation/index.js';
import { httpTransport, webSocketTransport, type WebSocketConstructor } from '../../../core/src/transport/index.js';
import type { Transport } from '../../../core/src/conversation.types.js';
import type { TextMessage } from '../../../core/src/types.js';
import { sleep } from './fault-proxy.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    assert.ok(isAttuneError(error), `not an AttuneError: ${String(error)}`);
    return `${error.code} ${error.details.map((d) => d.path).join(',')}`.trim();
  }
  return 'ok';
};

describe('parseServerEvent', () => {
  const text = { v: 1, seq: 1, type: 'text', id: 't1', from: 'agent', text: 'hi', at: 1 };
  const cases: [string, unknown, string][] = [
    ['a valid text', text, 'ok'],
    ['a JSON string', JSON.stringify(text), 'ok'],
    ['`at` left out', { ...text, at: undefined }, 'ok'],
    ['a transient typing event (no seq)', { v: 1, type: 'typing', on: true }, 'ok'],
    ['not JSON', '{"v":1,', 'protocol/invalid'],
    ['an empty string', '', 'protocol/invalid'],
    ['null', null, 'protocol/invalid'],
    ['an array', [text], 'protocol/invalid'],
    ['a number', 42, 'protocol/invalid'],
    ['version 2', { ...text, v: 2 }, 'protocol/version v'],
    ['version "1" (a string)', { ...text, v: '1' }, 'protocol/version v'],
    ['no version', { ...text, v: undefined }, 'protocol/version v'],
    ['no type', { ...text, type: undefined }, 'protocol/invalid type'],
    ['an unknown type', { ...text, type: 'script' }, 'protocol/invalid type'],
    ['an inherited type name', { ...text, type: 'toString' }, 'protocol/invalid type'],
    ['a numeric id', { ...text, id: 5 }, 'protocol/invalid id'],
    ['an empty id', { ...text, id: '' }, 'protocol/invalid id'],
    ['an id over 128 characters', { ...text, id: 'x'.repeat(129) }, 'protocol/invalid id'],
    ['an unknown sender', { ...text, from: 'admin' }, 'protocol/invalid from'],
    ['text as an object', { ...text, text: { html: '<b>' } }, 'protocol/invalid text'],
    ['a fractional seq', { ...text, seq: 1.5 }, 'protocol/invalid seq'],
    ['a negative seq', { ...text, seq: -1 }, 'protocol/invalid seq'],
    ['NaN at', { ...text, at: Number.NaN }, 'protocol/invalid at'],
    ['an unknown status', { ...text, status: 'read' }, 'protocol/invalid status'],
    ['tags as a string', { ...text, tags: 'apology' }, 'protocol/invalid tags'],
    ['a choice with one option', { v: 1, type: 'choice', id: 'c', prompt: 'p', options: [{ id: 'a', label: 'A' }] }, 'protocol/invalid options'],
    [
      'a choice with four options',
      { v: 1, type: 'choice', id: 'c', prompt: 'p', options: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id })) },
      'protocol/invalid options',
    ],
    [
      'an option label as a number',
      {
        v: 1,
        type: 'choice',
        id: 'c',
        prompt: 'p',
        options: [
          { id: 'a', label: 1 },
          { id: 'b', label: 'B' },
        ],
      },
      'protocol/invalid options',
    ],
    ['a recap without a next step', { v: 1, type: 'recap', id: 'r', understood: 'u', done: [], resolved: true, care: 'c' }, 'protocol/invalid nextStep'],
    [
      'a recap with done as a string',
      { v: 1, type: 'recap', id: 'r', understood: 'u', done: 'x', nextStep: { who: 'we', what: 'w' }, resolved: true, care: 'c' },
      'protocol/invalid done',
    ],
    ['a csat with scale 10', { v: 1, type: 'csat', id: 's', prompt: 'p', scale: 10 }, 'protocol/invalid scale'],
    ['a handoff in an unknown state', { v: 1, type: 'handoff', id: 'h', state: 'hacked', text: 't' }, 'protocol/invalid state'],
    ['typing with "on" as a string', { v: 1, type: 'typing', on: 'yes' }, 'protocol/invalid on'],
    ['an ack without id', { v: 1, type: 'ack' }, 'protocol/invalid id'],
    ['an error without message', { v: 1, type: 'error', code: 'x' }, 'protocol/invalid message'],
  ];
  for (const [what, input, expected] of cases) {
    test(`${what} → ${expected}`, () =>
      assert.equal(
        codeOf(() => parseServerEvent(input)),
        expected,
      ));
  }
  test('every refusal names its path in the message', () => {
    try {
      parseServerEvent({ ...text, from: 'admin' });
      assert.fail('accepted');
    } catch (error) {
      assert.ok(isAttuneError(error));
      assert.match(error.message, /from: has the wrong type/);
    }
  });
  test('a __proto__ key in the JSON does not change any prototype', () => {
    const event = parseServerEvent('{"v":1,"type":"text","id":"p","from":"agent","text":"x","__proto__":{"polluted":1}}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(event), Object.prototype);
  });
});

describe('validateClientEvent (server)', () => {
  test('the protocol checks of parseClientEvent, coded the same way', () => {
    assert.equal(
      codeOf(() => validateClientEvent('nope')),
      'protocol/invalid',
    );
    assert.equal(
      codeOf(() => validateClientEvent({ v: 9, type: 'message', id: 'm', text: 'x' })),
      'protocol/version v',
    );
    assert.equal(
      codeOf(() => validateClientEvent({ v: 1, type: 'message', id: 'm', text: 7 })),
      'protocol/invalid text',
    );
    assert.equal(
      codeOf(() => validateClientEvent({ v: 1, type: 'csat', id: 'c', score: 6 })),
      'protocol/invalid score',
    );
    assert.equal(
      codeOf(() => validateClientEvent({ v: 1, type: 'drop-table', id: 'x' })),
      'protocol/invalid type',
    );
  });
  test('text and comments over the limit → input/too-long', () => {
    assert.equal(
      codeOf(() => validateClientEvent({ v: 1, type: 'message', id: 'm', text: 'x'.repeat(11) }, { maxTextLength: 10 })),
      'input/too-long text',
    );
    assert.equal(
      codeOf(() => validateClientEvent({ v: 1, type: 'csat', id: 'c', score: 3, comment: 'x'.repeat(11) }, { maxTextLength: 10 })),
      'input/too-long comment',
    );
    assert.equal(
      codeOf(() => validateClientEvent({ v: 1, type: 'message', id: 'm', text: 'x'.repeat(10) }, { maxTextLength: 10 })),
      'ok',
    );
  });
  test('a client clock in the future is replaced by the server time', () => {
    const event = validateClientEvent({ v: 1, type: 'message', id: 'm', text: 'x', at: 10 ** 15 }, { now: () => 1000 });
    assert.equal(event.type === 'message' && event.at, 1000);
  });
});

describe('rate limiter', () => {
  test('a bucket allows a burst, then one event per 1/rate, and refills over time', () => {
    let now = 0;
    const limiter = tokenBuckets({ perSecond: 10, burst: 3 }, () => now);
    assert.deepEqual(
      [0, 1, 2, 3].map(() => limiter.take('a')),
      [0, 0, 0, 100],
    );
    assert.equal(limiter.take('b'), 0, 'buckets are per key');
    now += 100;
    assert.equal(limiter.take('a'), 0);
    assert.equal(limiter.take('a'), 100);
    now += 10_000;
    assert.deepEqual(
      [0, 1, 2, 3].map(() => limiter.take('a')),
      [0, 0, 0, 100],
      'refilled up to the burst, no more',
    );
  });
  test('it runs on the monotonic clock: a wall clock stepping back an hour changes nothing', () => {
    const realNow = Date.now;
    const limiter = tokenBuckets({ perSecond: 1000, burst: 1 });
    try {
      assert.equal(limiter.take('k'), 0);
      Date.now = () => realNow() - 3600_000;
      const start = performance.now();
      while (performance.now() - start < 3) {
        // Let a few milliseconds pass on the monotonic clock.
      }
      assert.equal(limiter.take('k'), 0, 'not an hour of 429s');
    } finally {
      Date.now = realNow;
    }
  });
});

describe('the reference server refuses what it must', () => {
  let server: RunningServer;
  after(() => server?.close());
  const tokens = new Map<string, { id: string; token: string }>();
  /** `path` names a conversation by a label (v1, r1…); each label gets its own server conversation. */
  const post = async (path: string, body: string | object) => {
    const label = path.split('/')[2] ?? '';
    let c = tokens.get(`${server.url} ${label}`);
    if (!c) {
      c = (await (await fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
        id: string;
        token: string;
      };
      tokens.set(`${server.url} ${label}`, c);
    }
    return fetch(`${server.url}${path.replace(label, c.id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  };

  test('bodies over 64 KB → 413 body/too-large; over-long text → 400 input/too-long; wrong shapes → 400 with the code', async () => {
    server = await startServer({ port: 0, rateLimit: { perSecond: 1e6, burst: 1e6 } });
    const huge = await post('/conversations/v1/events', { v: 1, type: 'message', id: 'm1', text: 'x'.repeat(70 * 1024) });
    assert.equal(huge.status, 413);
    assert.equal(((await huge.json()) as { error: { code: string } }).error.code, 'body/too-large');
    const long = await post('/conversations/v1/events', { v: 1, type: 'message', id: 'm2', text: 'x'.repeat(10_001) });
    assert.equal(long.status, 413);
    assert.equal(((await long.json()) as { error: { code: string } }).error.code, 'input/too-long');
    for (const [body, code] of [
      ['{"v":1,', 'protocol/invalid'],
      [{ v: 2, type: 'message', id: 'm', text: 'x' }, 'protocol/version'],
      [{ v: 1, type: 'message', id: ['m'], text: 'x' }, 'protocol/invalid'],
      [{ v: 1, type: 'choose', id: 'e', pickerId: 'p' }, 'protocol/invalid'],
    ] as const) {
      const res = await post('/conversations/v1/events', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
    }
    // Extra fields never reach the log; a __proto__ key pollutes nothing.
    const ok = await post('/conversations/v1/events', '{"v":1,"type":"message","id":"m3","text":"hi","admin":true,"__proto__":{"polluted":1}}');
    assert.equal(ok.status, 200);
    const stored = (await server.store.read(tokens.get(`${server.url} v1`)!.id, 0)).find((e) => e.type === 'text')!;
    assert.deepEqual(Object.keys(stored).sort(), ['at', 'from', 'id', 'seq', 'status', 'text', 'type', 'v']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    await server.close();
  });

  test('WebSocket: a frame over 64 KB closes the socket (1009); a bad frame gets a coded error with its id', async () => {
    server = await startServer({ port: 0, rateLimit: { perSecond: 1e6, burst: 1e6 } });
    const c = (await (await fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
      id: string;
      token: string;
    };
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/conversations/${c.id}/ws`, ['attune.v1', `attune.token.${c.token}`]);
    await new Promise((resolve) => ws.once('open', resolve));
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString()) as Record<string, unknown>));
    ws.send(JSON.stringify({ v: 1, type: 'message', id: 'bad1', text: 'x'.repeat(10_001) }));
    ws.send(JSON.stringify({ v: 3, type: 'message', id: 'bad2', text: 'x' }));
    while (frames.length < 2) await sleep(5);
    assert.deepEqual(
      frames.map((f) => [f.type, f.code, f.id]),
      [
        ['error', 'input/too-long', 'bad1'],
        ['error', 'protocol/version', 'bad2'],
      ],
    );
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send('x'.repeat(65 * 1024 + 1));
    assert.equal(await closed, 1009);
    await server.close();
  });

  test('over the rate: 429 rate/limited with Retry-After, before the body is even read', async () => {
    server = await startServer({ port: 0, rateLimit: { perSecond: 2, burst: 3 } });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await post('/conversations/r1/events', { v: 1, type: 'message', id: `r${i}`, text: 'x' });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
      else await res.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.equal(limited!.headers.get('retry-after'), '1');
    const body = (await limited!.json()) as { error: { code: string }; retryAfterMs: number };
    assert.equal(body.error.code, 'rate/limited');
    assert.ok(body.retryAfterMs > 0 && body.retryAfterMs <= 500);
    // Other conversations have their own bucket.
    assert.equal((await post('/conversations/r2/events', { v: 1, type: 'message', id: 'o1', text: 'x' })).status, 200);
    await server.close();
  });
});

describe('a flood of 300 sends against a low rate limit: nothing lost, nothing twice, in order', () => {
  // HTTP sends go one at a time (each waits for its answer), so their limit is lower.
  const LIMITS = { sse: { perSecond: 40, burst: 5 }, websocket: { perSecond: 120, burst: 10 } };
  const fast = { baseMs: 20, maxMs: 200 };
  for (const kind of ['sse', 'websocket'] as const) {
    test(kind, { timeout: 30_000 }, async () => {
      const LIMIT = LIMITS[kind];
      const server = await startServer({ port: 0, rateLimit: LIMIT });
      let refused = 0;
      const countingFetch: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (res.status === 429) refused++;
        return res;
      };
      const transport: Transport =
        kind === 'sse'
          ? httpTransport({ url: server.url, fetch: countingFetch, reconnect: fast })
          : webSocketTransport({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: fast });
      const conversation = createConversation({
        transport,
        storage: clientStorage,
        id: `flood-${kind}`,
        backoff: { ...fast, ackTimeoutMs: 5000 },
        retryWindowMs: 60_000,
      });
      conversation.subscribe(() => {});
      const started = Date.now();
      const ids = Array.from({ length: 300 }, (_, i) => conversation.send(`flood ${i}`));
      const sent = (): number => conversation.getSnapshot().messages.filter((m) => m.kind === 'text' && m.from === 'customer' && m.status === 'sent').length;
      while (sent() < 300 && Date.now() - started < 25_000) await sleep(20);
      const ms = Date.now() - started;
      try {
        assert.equal(sent(), 300);
        const stored = (await server.conversation(`flood-${kind}`))!.events.filter(
          (e): e is Extract<typeof e, { type: 'text' }> => e.type === 'text' && e.from === 'customer',
        );
        assert.deepEqual(
          stored.map((e) => e.id),
          ids,
        );
        assert.deepEqual(
          stored.map((e) => e.text),
          ids.map((_, i) => `flood ${i}`),
        );
        assert.ok((conversation.getSnapshot().messages as TextMessage[]).every((m) => m.status === 'sent'));
        // The limit really bit: HTTP saw 429s; WebSocket frames waited their turn.
        if (kind === 'sse') assert.ok(refused > 0, 'some sends were refused with 429');
        else assert.ok(ms >= ((300 - LIMIT.burst) / LIMIT.perSecond) * 1000 * 0.9, `throttled: ${ms} ms`);
      } finally {
        conversation.dispose();
        await server.close();
      }
    });
  }
});
