import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConversation } from '../src/conversation/index.js';
import { memoryStorage } from '../src/storage/index.js';
import type { Conversation, StorageAdapter } from '../src/conversation.types.js';
import { fakeServer } from './support/tab-server.js';
import type { TextMessage } from '../src/types.js';

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(check(), `never: ${what}`);
}
const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));
const texts = (c: Conversation) => c.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'customer');
const outboxIn = (storage: StorageAdapter) => ((storage.get('attune:conversation:c1') as { outbox: unknown[] } | undefined)?.outbox ?? []).length;

const tab = (server: ReturnType<typeof fakeServer>, storage: StorageAdapter) =>
  createConversation({ id: 'c1', storage, transport: server.transport(), backoff: { baseMs: 5, maxMs: 20, ackTimeoutMs: 200 } });

test('two tabs offline, 3 messages each, both closed: the next tab delivers all 6 exactly once', async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  const a = tab(server, storage);
  const b = tab(server, storage);
  for (let i = 0; i < 3; i++) {
    a.send(`a${i}`);
    b.send(`b${i}`);
  }
  await settle();
  a.dispose();
  b.dispose();
  const next = tab(server, storage);
  next.subscribe(() => undefined);
  server.online = true;
  await until(() => server.stored.size === 6, `6 stored (got ${server.stored.size})`);
  await until(() => outboxIn(storage) === 0, 'stored outbox drained');
  assert.deepEqual([...server.stored.values()].map((e) => (e.type === 'message' ? e.text : '')).sort(), ['a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
  assert.equal(new Set(server.sends).size, server.sends.length, 'each id sent once');
  assert.equal(texts(next).length, 6);
  assert.ok(texts(next).every((m) => m.status === 'sent'));
  next.dispose();
});

test('two live tabs offline, 3 each, then online: all 6 stored once, nothing re-sent after its ack', async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  const a = tab(server, storage);
  const b = tab(server, storage);
  a.subscribe(() => undefined);
  b.subscribe(() => undefined);
  for (let i = 0; i < 3; i++) {
    a.send(`a${i}`);
    b.send(`b${i}`);
  }
  await settle();
  server.online = true;
  await until(() => server.stored.size === 6, `6 stored (got ${server.stored.size})`);
  await until(
    () => outboxIn(storage) === 0 && texts(a).every((m) => m.status === 'sent') && texts(b).every((m) => m.status === 'sent'),
    'all sent, outbox drained',
  );
  const sendsAfterAcks = server.sends.length;
  // Past the ack timeout: no tab resends anything another tab already got acknowledged.
  await settle(400);
  assert.equal(server.sends.length, sendsAfterAcks);
  assert.equal(texts(a).length, 6);
  assert.equal(texts(b).length, 6);
  a.dispose();
  b.dispose();
  // A reload finds nothing left to send.
  const next = tab(server, storage);
  next.subscribe(() => undefined);
  await settle(100);
  assert.equal(server.sends.length, sendsAfterAcks);
  next.dispose();
});
