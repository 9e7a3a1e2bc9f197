import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStorage, webStorage } from '../src/storage/index.js';
import { createConversation } from '../src/conversation/index.js';
import { whenTone } from './wait.js';
import { createScriptedTransport } from '../src/testing/index.js';
import type { AttuneError } from '../src/errors.js';

const g = globalThis as Record<string, unknown>;
afterEach(() => {
  delete g.localStorage;
  delete g.sessionStorage;
});

function fakeStorage(options: { quotaAfter?: number } = {}) {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem(k: string, v: string) {
      if (options.quotaAfter !== undefined && v.length > options.quotaAfter) {
        throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
      }
      map.set(k, v);
    },
    removeItem: (k: string) => void map.delete(k),
  };
}

test('memoryStorage keeps JSON copies', () => {
  const storage = memoryStorage();
  const value = { a: [1, 2] };
  void storage.set('k', value);
  value.a.push(3);
  assert.deepEqual(storage.get('k'), { a: [1, 2] });
  void storage.remove('k');
  assert.equal(storage.get('k'), undefined);
});

test('webStorage uses the global storage when it works', () => {
  const local = fakeStorage();
  g.localStorage = local;
  const storage = webStorage('local');
  void storage.set('k', { x: 1 });
  assert.equal(local.map.get('k'), '{"x":1}');
  assert.deepEqual(storage.get('k'), { x: 1 });
  void storage.remove('k');
  assert.equal(local.map.size, 0);
});

test('webStorage falls back to memory where storage is missing', () => {
  const errors: AttuneError[] = [];
  const storage = webStorage('session', { onFallback: (e) => errors.push(e) });
  void storage.set('k', 1);
  assert.equal(storage.get('k'), 1);
  assert.deepEqual(
    errors.map((e) => e.code),
    ['storage/unavailable'],
  );
});

test('webStorage falls back where touching storage throws (sandboxed iframe, privacy mode)', () => {
  Object.defineProperty(g, 'localStorage', {
    configurable: true,
    get() {
      throw new Error('SecurityError');
    },
  });
  const errors: AttuneError[] = [];
  const storage = webStorage('local', { onFallback: (e) => errors.push(e) });
  assert.doesNotThrow(() => storage.set('k', 'v'));
  assert.equal(storage.get('k'), 'v');
  assert.deepEqual(
    errors.map((e) => e.code),
    ['storage/unavailable'],
  );
});

test('webStorage falls back when full, keeping the latest value readable', () => {
  g.localStorage = fakeStorage({ quotaAfter: 10 });
  const errors: AttuneError[] = [];
  const storage = webStorage('local', { onFallback: (e) => errors.push(e) });
  void storage.set('small', 1);
  void storage.set('big', 'x'.repeat(100));
  assert.equal(storage.get('big'), 'x'.repeat(100));
  void storage.set('big2', 'y'.repeat(100));
  assert.deepEqual(
    errors.map((e) => e.code),
    ['storage/quota'],
    'reported once',
  );
});

test('webStorage treats unparseable leftovers as absent', () => {
  const local = fakeStorage();
  local.map.set('k', '{broken');
  g.localStorage = local;
  assert.equal(webStorage('local').get('k'), undefined);
});

test('a conversation with storage "local" where there is none warns and keeps working', async () => {
  const transport = createScriptedTransport({ autoAck: true });
  const conversation = createConversation({ transport, storage: 'local', id: 'w1' });
  const warnings: string[] = [];
  conversation.on('warning', (e) => warnings.push(e.error.code));
  conversation.send('hello');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(warnings, ['storage/unavailable']);
  assert.equal(transport.sent.length, 1);
  conversation.dispose();
});

test('a conversation resumes by id from sessionStorage after a reload', async () => {
  g.sessionStorage = fakeStorage();
  const transport = createScriptedTransport({ autoAck: true });
  const first = createConversation({ transport, storage: 'session', id: 'r9' });
  first.subscribe(() => {});
  transport.emit({ type: 'text', id: 'g', from: 'agent', text: 'Hello', at: 1 });
  first.send('my card was charged twice');
  await new Promise((r) => setImmediate(r));
  first.dispose();
  const second = createConversation({ transport: createScriptedTransport(), storage: 'session', id: 'r9' });
  assert.deepEqual(second.getSnapshot().messages.map((m) => m.id).length, 2);
  assert.equal(typeof (await whenTone(second)).tone, 'string', 'the restored tone is read from the last customer message');
  const stored = JSON.parse((g.sessionStorage as ReturnType<typeof fakeStorage>).map.get('attune:conversation:r9')!);
  assert.deepEqual(Object.keys(stored).sort(), ['lastSeq', 'messages', 'outbox', 'v']);
  assert.deepEqual(stored.outbox, []);
  second.dispose();
});

test('corrupt stored state is reported and ignored', async () => {
  const storage = memoryStorage();
  void storage.set('attune:conversation:x', { v: 99 });
  const conversation = createConversation({ transport: createScriptedTransport(), storage, id: 'x' });
  const warnings: string[] = [];
  conversation.on('warning', (e) => warnings.push(e.error.code));
  conversation.subscribe(() => {});
  assert.deepEqual(warnings, ['storage/corrupt']);
  assert.equal(conversation.getSnapshot().messages.length, 0);
  conversation.dispose();
});
