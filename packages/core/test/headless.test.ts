import { test } from 'node:test';
import assert from 'node:assert/strict';

// No DOM globals here, and every timer the library could start is counted.
const counts = { setTimeout: 0, setInterval: 0 };
const realSetTimeout = globalThis.setTimeout;
const realSetInterval = globalThis.setInterval;
globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
  counts.setTimeout++;
  return realSetTimeout(...args);
}) as typeof setTimeout;
globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
  counts.setInterval++;
  return realSetInterval(...args);
}) as typeof setInterval;

test('importing @attune/core with no DOM starts nothing, and a conversation starts only on subscribe', async () => {
  // Node ≥ 21 has a `navigator` of its own: remove it, so core cannot lean on it here and
  // the check below holds for `navigator` like for every other browser global.
  Reflect.deleteProperty(globalThis, 'navigator');
  for (const name of ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'EventSource']) {
    assert.equal(name in globalThis, false, `${name} should not be defined`);
  }
  await import('@attune/core');
  await import('../src/index.js');
  const { createConversation } = await import('../src/conversation/index.js');
  const { localAgent, httpTransport, webSocketTransport } = await import('../src/transport/index.js');
  await import('../src/testing/index.js');
  await import('../src/storage/index.js');
  assert.deepEqual(counts, { setTimeout: 0, setInterval: 0 }, 'no timers at import');

  let connects = 0;
  const agent = localAgent(undefined, { delayMs: 5 });
  const conversation = createConversation({
    transport: { connect: (ctx) => (connects++, agent.connect(ctx)), send: (e, o) => agent.send(e, o) },
    storage: 'local',
  });
  createConversation({ transport: httpTransport({ url: 'http://127.0.0.1:9' }) });
  createConversation({ transport: webSocketTransport({ url: 'http://127.0.0.1:9' }) });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(connects, 0);
  assert.deepEqual(counts, { setTimeout: 0, setInterval: 0 }, 'no timers before subscribe');
  assert.equal(conversation.getSnapshot().status, 'idle');

  conversation.subscribe(() => {});
  assert.equal(connects, 1);
  await new Promise((resolve) => realSetTimeout(resolve, 30));
  assert.ok(counts.setTimeout > 0, 'the agent typing delay runs once started');
  assert.equal(conversation.getSnapshot().messages.length, 1);
  conversation.dispose();
});
