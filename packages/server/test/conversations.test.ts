// What the old reference server's suite covered that the newer suites do not: idempotent
// client events and replay from `since`, customer answers updating stored messages, and
// the agent console's list and reply (ported to server-issued ids, tokens and the API key).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { agentHeaders, startServer, type TestServer } from './support.js';
import { CONSOLE_JS } from '../src/routes/console-page.js';

const server = await startServer({ port: 0 });
after(() => server.close());

async function open(
  s: TestServer = server,
): Promise<{ id: string; send: (body: unknown) => Promise<Response>; stream: (since: number, count: number) => Promise<Record<string, unknown>[]> }> {
  const { id, token } = (await (
    await fetch(`${s.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  ).json()) as { id: string; token: string };
  const auth = { authorization: `Bearer ${token}` };
  return {
    id,
    send: (body) =>
      fetch(`${s.url}/conversations/${id}/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) }),
    /** Reads SSE `data:` payloads with a seq until `count` arrived. */
    async stream(since, count) {
      const controller = new AbortController();
      const res = await fetch(`${s.url}/conversations/${id}/stream?since=${since}`, { headers: auth, signal: controller.signal });
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      const events = (): Record<string, unknown>[] =>
        [...text.matchAll(/^id: \d+\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1] ?? '') as Record<string, unknown>);
      const deadline = Date.now() + 5000;
      while (events().length < count && Date.now() < deadline) text += decoder.decode((await reader.read()).value, { stream: true });
      controller.abort();
      return events();
    },
  };
}

test('a client event id is stored once; ack and the message get seqs; replay honours since', async () => {
  const c = await open();
  const event = { v: 1, type: 'message', id: 'm1', text: 'where is my parcel?' };
  const first = (await (await c.send(event)).json()) as { duplicate: boolean };
  const second = (await (await c.send(event)).json()) as { duplicate: boolean };
  assert.deepEqual([first.duplicate, second.duplicate], [false, true]);
  await c.send({ v: 1, type: 'end', id: 'e1' });
  const all = await c.stream(0, 4);
  assert.deepEqual(
    all.map((e) => [e.seq, e.type, e.id]),
    [
      [1, 'text', 'm1'],
      [2, 'ack', 'm1'],
      [3, 'text', 'end_e1'],
      [4, 'ack', 'e1'],
    ],
  );
  assert.equal(all[0]?.from, 'customer');
  assert.deepEqual(
    (await c.stream(2, 2)).map((e) => e.seq),
    [3, 4],
  );
  assert.equal((await server.store.read(c.id, 0)).filter((e) => e.type === 'text' && e.id === 'm1').length, 1);
});

test('echo, choice and csat events update the stored messages; an unknown picker changes nothing', async () => {
  const s = await startServer({
    port: 0,
    agent: (event) =>
      event.type === 'message'
        ? [
            { v: 1, type: 'echo', id: 'e', about: event.id, text: 'It sounds like…', reflection: 'your parcel is late', state: 'proposed', at: 1 },
            {
              v: 1,
              type: 'choice',
              id: 'p',
              prompt: 'Next?',
              options: [
                { id: 'a', label: 'A' },
                { id: 'b', label: 'B' },
              ],
              at: 1,
            },
            { v: 1, type: 'csat', id: 'q', prompt: 'How did we do?', scale: 5, at: 1 },
          ]
        : [],
  });
  try {
    const c = await open(s);
    await c.send({ v: 1, type: 'message', id: 'm', text: 'my parcel is late' });
    await c.send({ v: 1, type: 'echo.correct', id: 'x1', echoId: 'e', text: 'it is damaged' });
    await c.send({ v: 1, type: 'choose', id: 'x2', pickerId: 'p', optionId: 'b' });
    await c.send({ v: 1, type: 'choose', id: 'x3', pickerId: 'missing', optionId: 'b' });
    await c.send({ v: 1, type: 'csat', id: 'x4', csatId: 'q', score: 5, comment: 'great' });
    const events = await s.store.read(c.id, 0);
    const last = (type: string) => events.filter((e) => e.type === type).at(-1) as unknown as Record<string, unknown>;
    assert.deepEqual([last('echo').state, last('echo').correction], ['corrected', 'it is damaged']);
    assert.equal(last('choice').chosen, 'b');
    assert.deepEqual([last('csat').score, last('csat').comment], [5, 'great']);
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
    );
    assert.equal(events.filter((e) => e.type === 'ack').length, 5);
  } finally {
    await s.close();
  }
});

test('agent console: page, list, reply into the conversation', async () => {
  const page = await fetch(`${server.url}/console`);
  assert.ok(page.headers.get('content-security-policy'));
  assert.doesNotMatch(CONSOLE_JS, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  const c = await open();
  await c.send({ v: 1, type: 'message', id: 'q', text: 'I need help' });
  const list = (await (await fetch(`${server.url}/agent/conversations`, { headers: agentHeaders })).json()) as {
    conversations: { id: string; firstWords: string }[];
  };
  assert.equal(list.conversations.find((x) => x.id === c.id)?.firstWords, 'I need help');
  const reply = (body: unknown) =>
    fetch(`${server.url}/agent/conversations/${c.id}/events`, { method: 'POST', headers: agentHeaders, body: JSON.stringify(body) });
  assert.equal((await reply({ text: '  ' })).status, 400);
  assert.equal((await reply({ type: 'text', text: '<b>On it</b>' })).status, 200);
  const events = await c.stream(2, 1);
  assert.deepEqual([events[0]?.type, events[0]?.from, events[0]?.text], ['text', 'agent', '<b>On it</b>']);
});
