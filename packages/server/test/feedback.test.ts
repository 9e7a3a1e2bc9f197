// Per-message feedback and abuse marking through the real reference server: the core
// conversation over SSE and WebSocket, the server's log, the console's stream, and a
// fresh page that restores from the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { agentHeaders, agentPost, serverIdOf, sessionOnly, startServer } from './support.js';
import { readSse } from './helpers.js';
import { createConversation } from '../../core/src/conversation/index.js';
import { memoryStorage } from '../../core/src/storage/index.js';
import { httpTransport, webSocketTransport, type WebSocketConstructor } from '../../core/src/transport/index.js';
import { summarizeConversation } from '../../core/src/metrics/index.js';
import type { Conversation, Transport } from '../../core/src/conversation.types.js';
import type { TextMessage } from '../../core/src/types.js';

const reconnect = { baseMs: 10, maxMs: 40, offlineAfter: 3 };
const transports: Record<string, (url: string) => Transport> = {
  sse: (url) => httpTransport({ url, reconnect, sendTimeoutMs: 2000 }),
  websocket: (url) => webSocketTransport({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect }),
};

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const textOf = (c: Conversation, id: string): TextMessage | undefined =>
  c.getSnapshot().messages.find((m): m is TextMessage => m.kind === 'text' && m.id === id);
const outboxEmpty = async (storage: ReturnType<typeof memoryStorage>, id: string): Promise<boolean> =>
  ((await storage.get(`attune:conversation:${id}`)) as { outbox?: unknown[] } | undefined)?.outbox?.length === 0;

for (const [kind, make] of Object.entries(transports)) {
  test(`${kind}: feedback round-trips through the reference server — stored, changed, cleared, seen by the console and by a fresh page`, async () => {
    const server = await startServer({ port: 0 });
    const storage = memoryStorage();
    const id = `feedback-${kind}`;
    const conversation = createConversation({ storage, transport: make(server.url), id, backoff: { baseMs: 10, maxMs: 50, ackTimeoutMs: 1000 } });
    conversation.subscribe(() => undefined);
    try {
      conversation.send('Where is my parcel?', { interpret: false });
      await until(
        () => conversation.getSnapshot().messages.some((m) => m.kind === 'text' && m.from === 'customer' && m.status === 'sent'),
        'the message to be sent',
      );
      const posted = (await (await agentPost(server, id, { text: 'It left the depot this morning.' }, storage)).json()) as { event: { id: string } };
      const agentId = posted.event.id;
      await until(() => textOf(conversation, agentId) !== undefined, 'the agent line');

      conversation.feedback(agentId, 'down', 'Did not answer my question');
      assert.deepEqual(textOf(conversation, agentId)?.feedback, { value: 'down', reason: 'Did not answer my question' });
      const serverId = await serverIdOf(storage, id);
      const stored = async () => (await server.store.read(serverId, 0)).filter((e) => e.type === 'text' && e.id === agentId);
      await until(async () => (await stored()).some((e) => e.type === 'text' && e.feedback?.value === 'down'), 'the stored feedback');

      // The console's stream sees it.
      const consoleEvents = await readSse(`${server.url}/agent/conversations/${serverId}/stream`, agentHeaders.authorization.slice(7), (events) =>
        events.some((e) => e.id === agentId && (e.feedback as { value?: string } | undefined)?.value === 'down'),
      );
      assert.ok(consoleEvents.some((e) => e.id === agentId && (e.feedback as { reason?: string } | undefined)?.reason === 'Did not answer my question'));

      conversation.feedback(agentId, 'up');
      const lastValue = async (): Promise<string | null | undefined> => {
        const last = (await stored()).at(-1);
        return last?.type === 'text' ? (last.feedback === null ? null : last.feedback?.value) : undefined;
      };
      await until(async () => (await lastValue()) === 'up', 'the change');
      conversation.feedback(agentId, null);
      await until(async () => (await lastValue()) === null, 'the clear');
      await until(() => outboxEmpty(storage, id), 'every feedback event acked');
      conversation.feedback(agentId, 'down');
      await until(async () => (await lastValue()) === 'down', 'down again');
      await until(() => outboxEmpty(storage, id), 'the last feedback event acked');
      const log = await server.store.read(serverId, 0);
      // Each feedback event acked exactly once.
      assert.equal(log.filter((e) => e.type === 'ack').length, new Set(log.filter((e) => e.type === 'ack').map((e) => e.type === 'ack' && e.id)).size);

      // A fresh page (no local transcript) rebuilds the thumbs from the server.
      const fresh = createConversation({ storage: sessionOnly(storage), transport: make(server.url), id });
      fresh.subscribe(() => undefined);
      try {
        await until(() => textOf(fresh, agentId)?.feedback?.value === 'down', 'the fresh page to show the thumbs');
      } finally {
        fresh.dispose();
      }
      // Metrics over the server's log: one thumbs-down (the changes count once).
      assert.deepEqual(summarizeConversation(log).feedback, { up: 0, down: 1 });
    } finally {
      conversation.dispose();
      await server.close();
    }
  });
}

test('the server refuses malformed feedback with a coded 400 and ignores feedback on customer or unknown lines', async () => {
  const server = await startServer({ port: 0 });
  try {
    const created = (await (
      await fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    ).json()) as { id: string; token: string };
    const send = (body: unknown) =>
      fetch(`${server.url}/conversations/${created.id}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` },
        body: JSON.stringify(body),
      });
    for (const bad of [
      { v: 1, type: 'feedback', id: 'f1', messageId: 'a1', value: 'sideways' },
      { v: 1, type: 'feedback', id: 'f1', messageId: 'a1', value: 'down', reason: 'x'.repeat(501) },
      { v: 1, type: 'feedback', id: 'f1', messageId: '../etc', value: 'up' },
      { v: 1, type: 'feedback', id: 'f1', value: 'up' },
    ]) {
      const res = await send(bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      const body = (await res.json()) as { code?: string; error?: { code?: string } };
      assert.match(JSON.stringify(body), /protocol\/invalid/);
    }
    assert.equal((await send({ v: 1, type: 'message', id: 'm1', text: 'hello' })).status < 300, true);
    assert.equal((await send({ v: 1, type: 'feedback', id: 'f2', messageId: 'm1', value: 'down' })).status < 300, true);
    assert.equal((await send({ v: 1, type: 'feedback', id: 'f3', messageId: 'nope', value: 'down' })).status < 300, true);
    const log = await server.store.read(created.id, 0);
    assert.equal(
      log.some((e) => e.type === 'text' && 'feedback' in e),
      false,
      'nothing rated',
    );
    assert.deepEqual(
      log.filter((e) => e.type === 'ack').map((e) => e.type === 'ack' && e.id),
      ['m1', 'f2', 'f3'],
    );
  } finally {
    await server.close();
  }
});

test('the server marks abusive customer messages (flags: ["abuse"]), not frustration; metrics count them', async () => {
  const server = await startServer({ port: 0 });
  try {
    const created = (await (
      await fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    ).json()) as { id: string; token: string };
    const send = (id: string, text: string) =>
      fetch(`${server.url}/conversations/${created.id}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` },
        body: JSON.stringify({ v: 1, type: 'message', id, text }),
      });
    await send('m1', 'This app is garbage, my order never came');
    await send('m2', 'You are an idiot.');
    await send('m3', 'You people are morons and I hope you all get fired');
    const log = await server.store.read(created.id, 0);
    const flags = Object.fromEntries(log.flatMap((e) => (e.type === 'text' ? [[e.id, e.flags ?? []]] : [])));
    assert.deepEqual(flags, { m1: [], m2: ['abuse'], m3: ['abuse'] });
    assert.equal(summarizeConversation(log).abuse.count, 2);
  } finally {
    await server.close();
  }
});

test('with a flow agent on the server, a thumbs-down sent over the wire is a negative turn: the offer of a person arrives', async () => {
  const { createAgent } = await import('../../core/src/agent/index.js');
  const agents = new Map<string, ReturnType<typeof createAgent>>();
  const server = await startServer({
    port: 0,
    agent: async (event, conversation) => {
      let agent = agents.get(conversation.id);
      if (!agent) agents.set(conversation.id, (agent = createAgent({ idPrefix: `${conversation.id}-`, empathy: { echo: false } })));
      return agent.handle(event);
    },
  });
  const storage = memoryStorage();
  const conversation = createConversation({
    storage,
    transport: transports.sse!(server.url),
    id: 'thumbs-handoff',
    backoff: { baseMs: 10, maxMs: 50, ackTimeoutMs: 1000 },
  });
  conversation.subscribe(() => undefined);
  const agentLines = () => conversation.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'agent');
  try {
    conversation.send('I am really annoyed, nothing works', { interpret: false });
    await until(() => agentLines().length >= 1, 'the first answer');
    conversation.send('This is so frustrating, still broken', { interpret: false });
    await until(() => agentLines().length >= 2, 'the second answer');
    assert.equal(
      conversation.getSnapshot().messages.some((m) => m.kind === 'choice' && m.purpose === 'handoff'),
      false,
      'no offer after two negative turns',
    );
    const rated = agentLines().at(-1);
    assert.ok(rated);
    conversation.feedback(rated.id, 'down');
    await until(
      () => conversation.getSnapshot().messages.some((m) => m.kind === 'choice' && m.purpose === 'handoff' && m.reason === 'negative-tone'),
      'the offer of a person',
    );
    assert.equal(textOf(conversation, rated.id)?.feedback?.value, 'down');
  } finally {
    conversation.dispose();
    await server.close();
  }
});
