// The durable file store: append-only + fsync, a lock per directory, .tmp cleanup, torn
// last lines cut off, corrupt conversations skipped and reported.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ServerEvent } from '@attune/core';
import { fileStore } from '../src/index.js';

const text = (id: string, body: string): Omit<ServerEvent, 'seq' | 'v'> =>
  ({ type: 'text', id, from: 'customer', text: body, at: Date.now(), status: 'sent' }) as Omit<ServerEvent, 'seq' | 'v'>;

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'attune-file-store-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('appends survive a reopen, seq is gapless, the same key stores once', () =>
  withDir(async (dir) => {
    const store = await fileStore(dir);
    await store.create('c1', 1);
    const a = await store.append('c1', { event: text('m1', 'my order is late'), key: 'c:m1' });
    const again = await store.append('c1', { event: text('m1', 'changed'), key: 'c:m1' });
    assert.equal(again.duplicate, true);
    assert.equal(again.event.seq, a.event.seq);
    await store.append('c1', { event: text('m2', 'second') });
    await store.close();
    const reopened = await fileStore(dir);
    const events = await reopened.read('c1', 0);
    assert.deepEqual(
      events.map((e) => e.seq),
      [1, 2],
    );
    assert.equal((await reopened.get('c1'))?.firstWords, 'my order is late');
    assert.equal((await reopened.append('c1', { event: text('m1', 'x'), key: 'c:m1' })).duplicate, true, 'keys survive restarts');
    await reopened.close();
  }));

test('a read racing the first write after a reopen shares its log: no seq gap', () =>
  withDir(async (dir) => {
    // Regression: both loaded the file into separate copies; the write landed on one, the
    // cache kept the other, and the next append skipped a seq (the fault soak found it).
    const store = await fileStore(dir);
    await store.create('c1', 1);
    await store.append('c1', { event: text('m0', 'first') });
    await store.close();
    for (let round = 1; round <= 5; round++) {
      const reopened = await fileStore(dir);
      await Promise.all([reopened.read('c1', 0), reopened.append('c1', { event: text(`m${round}`, 'racing') }), reopened.read('c1', 0)]);
      await reopened.append('c1', { event: text(`m${round}b`, 'after') });
      const seqs = (await reopened.read('c1', 0)).map((e) => e.seq);
      assert.deepEqual(
        seqs,
        Array.from({ length: 1 + round * 2 }, (_, i) => i + 1),
      );
      await reopened.close();
    }
  }));

test('appending does not rewrite the file', () =>
  withDir(async (dir) => {
    const store = await fileStore(dir);
    await store.create('c1', 1);
    await store.append('c1', { event: text('m1', 'one') });
    const first = await readFile(join(dir, 'c1.jsonl'), 'utf8');
    await store.append('c1', { event: text('m2', 'two') });
    const second = await readFile(join(dir, 'c1.jsonl'), 'utf8');
    assert.ok(second.startsWith(first));
    await store.close();
  }));

test('a second store on the same directory refuses to start', () =>
  withDir(async (dir) => {
    const store = await fileStore(dir);
    await assert.rejects(fileStore(dir), (error: { code?: string }) => error.code === 'store/locked');
    await store.close();
    const next = await fileStore(dir);
    await next.close();
  }));

test('a stale lock from a dead process is taken over; .tmp leftovers are removed', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, '.lock'), '999999');
    await writeFile(join(dir, 'c9.jsonl.123.tmp'), 'half');
    const store = await fileStore(dir);
    assert.ok(!(await readdir(dir)).some((n) => n.endsWith('.tmp')));
    await store.close();
  }));

test('a torn last line is cut off; a corrupt conversation is skipped and reported, the rest still listed', () =>
  withDir(async (dir) => {
    const store = await fileStore(dir);
    await store.create('good', 1);
    await store.append('good', { event: text('m1', 'fine') });
    await store.create('torn', 2);
    await store.append('torn', { event: text('m1', 'kept') });
    await store.close();
    await appendFile(join(dir, 'torn.jsonl'), '{"e":{"type":"text","id":"m2"');
    await writeFile(join(dir, 'broken.jsonl'), 'not json at all\n');
    const reopened = await fileStore(dir);
    const page = await reopened.list({ limit: 10 });
    assert.deepEqual(page.items.map((m) => m.id).sort(), ['good', 'torn']);
    assert.deepEqual(
      page.skipped?.map((s) => s.id),
      ['broken'],
    );
    assert.deepEqual(
      (await reopened.read('torn', 0)).map((e) => e.seq),
      [1],
    );
    const next = await reopened.append('torn', { event: text('m3', 'after the crash') });
    assert.equal(next.event.seq, 2);
    await reopened.close();
  }));

test('list pages newest first with a cursor; prune removes old conversations', () =>
  withDir(async (dir) => {
    const store = await fileStore(dir);
    for (let i = 0; i < 5; i++) await store.create(`c${i}`, 1000 + i);
    const first = await store.list({ limit: 2 });
    assert.deepEqual(
      first.items.map((m) => m.id),
      ['c4', 'c3'],
    );
    assert.ok(first.next);
    const second = await store.list({ limit: 2, cursor: first.next });
    assert.deepEqual(
      second.items.map((m) => m.id),
      ['c2', 'c1'],
    );
    assert.equal(await store.prune(1002), 2);
    assert.equal((await store.list({ limit: 10 })).items.length, 3);
    await store.close();
  }));
