import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConversationOwner } from '../src/conversation/owner.js';
import { createScriptedTransport } from '../src/testing/index.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('owner: a detach and attach in one task keep the one conversation (StrictMode, a DOM move)', async () => {
  const transport = createScriptedTransport({ autoAck: true });
  const owner = createConversationOwner({ transport });
  const first = owner.conversation;
  assert.equal(owner.attach(), false);
  owner.detach();
  assert.equal(owner.attach(), false);
  await tick();
  assert.equal(owner.conversation, first);
  assert.equal(first.getSnapshot().status === 'closed', false);
});

test('owner: a longer absence disposes; coming back re-creates it with the same id and transcript', async () => {
  const transport = createScriptedTransport({ autoAck: true });
  const owner = createConversationOwner({ transport });
  owner.attach();
  const first = owner.conversation;
  const stop = first.subscribe(() => {});
  owner.actions.send('my parcel is late', { id: 'mine-1' });
  await tick();
  stop();
  owner.detach();
  await tick();
  assert.equal(first.getSnapshot().status, 'closed');
  assert.equal(owner.attach(), true);
  assert.notEqual(owner.conversation, first);
  assert.equal(owner.conversation.id, first.id);
  assert.deepEqual(
    owner.conversation.getSnapshot().messages.map((m) => m.id),
    ['mine-1'],
  );
  owner.dispose();
  assert.equal(owner.attach(), false, 'disposed for good');
  assert.equal(owner.conversation.getSnapshot().status, 'closed');
});
