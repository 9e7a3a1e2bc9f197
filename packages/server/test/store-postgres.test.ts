import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresStore, type PostgresStore } from '../src/store/postgres.js';
import { loadMigrations, migrate } from '../src/store/migrate.js';
import { storeContract } from './store-contract.js';
import { stored } from './store-contract.js';
import { DATABASE_URL, dropSchema, postgresUnavailable, uniqueSchema } from './pg.js';

const skip = await postgresUnavailable();
if (skip) console.log(`# ${skip}`);

storeContract(
  'postgres',
  async () => {
    const schema = uniqueSchema();
    const store = await createPostgresStore({ connectionString: DATABASE_URL, schema, max: 4 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  },
  { skip },
);

describe('PostgreSQL store: what only a real database shows', { skip: skip ?? false }, () => {
  const schemas: string[] = [];
  const open: PostgresStore[] = [];
  const make = async (schema = uniqueSchema(), extra: { max?: number } = {}): Promise<PostgresStore> => {
    if (!schemas.includes(schema)) schemas.push(schema);
    const store = await createPostgresStore({ connectionString: DATABASE_URL, schema, max: extra.max ?? 4 });
    open.push(store);
    return store;
  };
  after(async () => {
    await Promise.all(open.map((s) => s.close().catch(() => undefined)));
    for (const schema of schemas) await dropSchema(schema);
  });

  test('three "processes" (pools) appending to one conversation at once: gapless, no duplicates', async () => {
    const schema = uniqueSchema();
    // Started together: the migration runs once, under its advisory lock.
    const stores = await Promise.all([make(schema), make(schema), make(schema)]);
    const [a] = stores;
    assert.ok(a);
    await a.create('shared', 1);
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) => {
        const store = stores[i % 3];
        assert.ok(store);
        // Every message sent twice through different processes, as a client retrying elsewhere would.
        const input = { event: stored({ type: 'text', id: `m${i % 45}`, from: 'customer', text: `t${i % 45}`, at: 1 }), key: `c:m${i % 45}` };
        return store.append('shared', input);
      }),
    );
    assert.equal(results.filter((r) => !r.duplicate).length, 45);
    const log = await a.read('shared', 0);
    assert.deepEqual(
      log.map((e) => e.seq),
      Array.from({ length: 45 }, (_, i) => i + 1),
    );
    assert.equal(new Set(log.map((e) => (e as { id: string }).id)).size, 45);
    const { rows } = await a.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.schema_migrations`);
    assert.equal(Number(rows[0]?.n), (await loadMigrations()).length);
  });

  test('acknowledged means committed: a fresh connection sees the event the moment append resolves', async () => {
    const store = await make();
    await store.create('c1', 1);
    const { event } = await store.append('c1', { event: stored({ type: 'text', id: 'm1', from: 'customer', text: 'hi', at: 1 }), key: 'c:m1' });
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ body: unknown }>(`SELECT body FROM ${store.schema}.events WHERE conversation_id = 'c1' AND seq = $1`, [event.seq]);
      assert.deepEqual(rows[0]?.body, event);
    } finally {
      await client.end();
    }
  });

  test('the unique index holds even for a writer that skips the store (a second deployment, a bug)', async () => {
    const store = await make();
    await store.create('c1', 1);
    await store.append('c1', { event: stored({ type: 'ack', id: 'm1' }), key: 's:ack:m1' });
    await assert.rejects(
      store.pool.query(`INSERT INTO ${store.schema}.events (conversation_id, seq, key, body) VALUES ('c1', 2, 's:ack:m1', '{}')`),
      (e: unknown) => (e as { code?: string }).code === '23505',
    );
  });

  test('text PostgreSQL cannot hold in jsonb (a NUL) and odd unicode round-trip exactly', async () => {
    const store = await make();
    await store.create('c1', 1);
    const text = 'nul\u0000 here, lone \ud800 surrogate, emoji 😀, rtl \u202e';
    const { event } = await store.append('c1', { event: stored({ type: 'text', id: 'm1', from: 'customer', text, at: 1 }), key: 'c:m1' });
    const [back] = await store.read('c1', 0);
    assert.deepEqual(back, event);
    assert.equal((back as { text: string }).text, text);
  });

  test('resetEpochs gives restored conversations a new epoch so clients re-sync', async () => {
    const store = await make();
    const a = await store.create('a', 1);
    const b = await store.create('b', 1);
    assert.equal(await store.resetEpochs(['a']), 1);
    assert.notEqual((await store.get('a'))?.epoch, a.epoch);
    assert.equal((await store.get('b'))?.epoch, b.epoch);
    assert.equal(await store.resetEpochs(), 2);
    assert.notEqual((await store.get('b'))?.epoch, b.epoch);
  });

  test('hostile input: bad ids, keys, cursors and limits get coded errors, nothing reaches SQL unescaped', async () => {
    const store = await make();
    await store.create("it's; DROP TABLE events; --", 1);
    assert.ok(await store.get("it's; DROP TABLE events; --"));
    await assert.rejects(store.create('x'.repeat(129), 1), { code: 'store/invalid' });
    await assert.rejects(store.create('', 1), { code: 'store/invalid' });
    await store.create('c1', 1);
    await assert.rejects(store.append('c1', { event: stored({ type: 'ack', id: 'm' }), key: 'k'.repeat(301) }), { code: 'store/invalid' });
    await assert.rejects(store.list({ limit: 10, cursor: 'not a cursor' }), { code: 'store/cursor' });
    await assert.rejects(store.list({ limit: 10, cursor: Buffer.from('[1,{"a":1}]').toString('base64url') }), { code: 'store/cursor' });
    await assert.rejects(store.list({ limit: 0 }), { code: 'store/invalid' });
    await assert.rejects(store.list({ limit: 1e9 }), { code: 'store/invalid' });
    await assert.rejects(store.setState('c1', 'weird' as 'open'), { code: 'store/invalid' });
    assert.deepEqual(await store.read('c1', -5), []);
    await assert.rejects(createPostgresStore({ connectionString: DATABASE_URL, schema: 'Bad"Schema' }), { code: 'store/invalid' });
  });

  test('list uses the (updated_at, id) index rather than a sort of the whole table', async () => {
    const store = await make();
    await store.pool.query(
      `INSERT INTO ${store.schema}.conversations (id, created_at, updated_at, epoch) SELECT 'c' || g, g, g, 'e' FROM generate_series(1, 5000) g`,
    );
    await store.pool.query(`ANALYZE ${store.schema}.conversations`);
    const { rows } = await store.pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM ${store.schema}.conversations WHERE (updated_at, id) < (2500, 'c2500') ORDER BY updated_at DESC, id DESC LIMIT 51`,
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(plan, /Index (Only )?Scan using conversations_updated/, plan);
    assert.doesNotMatch(plan, /Sort/, plan);
    const page = await store.list({ limit: 50 });
    assert.equal(page.items[0]?.id, 'c5000');
    const next = await store.list({ limit: 50, cursor: page.next ?? '' });
    assert.equal(next.items[0]?.id, 'c4950');
  });

  test('prune deletes in batches and skips a conversation whose row an append holds', async () => {
    const store = await make();
    await store.pool.query(
      `INSERT INTO ${store.schema}.conversations (id, created_at, updated_at, epoch) SELECT 'old' || g, 1, 1, 'e' FROM generate_series(1, 2500) g`,
    );
    const client = await store.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM ${store.schema}.conversations WHERE id = 'old7' FOR UPDATE`);
      assert.equal(await store.prune(2), 2499);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    assert.equal(await store.prune(2), 1);
  });
});

describe('PostgreSQL migrations', { skip: skip ?? false }, () => {
  test('re-running applies nothing; an edited or unknown migration is refused with a code', async () => {
    const schema = uniqueSchema();
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    try {
      const migrations = await loadMigrations();
      assert.deepEqual(
        (await migrate(pool, schema, migrations)).applied,
        migrations.map((m) => `${m.version}_${m.name}`),
      );
      assert.deepEqual((await migrate(pool, schema, migrations)).applied, []);
      const [first, ...rest] = migrations;
      assert.ok(first);
      await assert.rejects(migrate(pool, schema, [{ ...first, sql: `${first.sql}\n-- edited`, checksum: 'changed' }, ...rest]), {
        code: 'store/migration-changed',
      });
      await assert.rejects(migrate(pool, schema, []), { code: 'store/schema-newer' });
      // A failing migration leaves nothing half-applied.
      await assert.rejects(
        migrate(pool, schema, [...migrations, { version: '999', name: 'broken', sql: 'CREATE TABLE t999 (a int); SELECT no_such_function()', checksum: 'x' }]),
      );
      const { rows } = await pool.query(`SELECT to_regclass($1) AS t`, [`${schema}.t999`]);
      assert.equal((rows[0] as { t: unknown }).t, null);
    } finally {
      await pool.end();
      await dropSchema(schema);
    }
  });
});
