import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * The PostgreSQL schema migrations: plain SQL files in `migrations/` (`NNN_name.sql`,
 * applied in name order), recorded in `<schema>.schema_migrations` with a checksum.
 *
 * Safe to run from N processes starting at once: the whole run holds a transaction-scoped
 * advisory lock, and PostgreSQL's DDL is transactional, so a migration is applied
 * completely, once, or not at all.
 */
export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  current: string | undefined;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: 'store/migration-changed' | 'store/schema-newer' | 'store/migration-name',
    message: string,
  ) {
    super(message);
  }
}

/** The directory holding the `.sql` files (copied next to the built JS by the package build). */
export const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (file) => {
      const match = /^(\d{3,})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match?.[1] || !match[2]) throw new MigrationError('store/migration-name', `migration file ${file} is not named NNN_name.sql`);
      const sql = await readFile(new URL(file, `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8');
      return { version: match[1], name: match[2], sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

// An arbitrary constant: the advisory lock is per database, keyed by this and the schema.
const LOCK_CLASS = 0x41747475; // 'Attu'

/** Brings `schema` up to date. Throws a coded `MigrationError` rather than guessing. */
export async function migrate(pool: pg.Pool, schema: string, migrations?: Migration[]): Promise<MigrateResult> {
  const all = migrations ?? (await loadMigrations());
  const client = await pool.connect();
  const q = pg.escapeIdentifier(schema);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (
         version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Map(
      (await client.query<{ version: string; checksum: string }>(`SELECT version, checksum FROM ${q}.schema_migrations`)).rows.map((r) => [
        r.version,
        r.checksum,
      ]),
    );
    const known = new Set(all.map((m) => m.version));
    const unknown = [...done.keys()].filter((v) => !known.has(v)).sort();
    if (unknown.length > 0) {
      throw new MigrationError(
        'store/schema-newer',
        `schema ${schema} has migrations this server does not know (${unknown.join(', ')}): it was migrated by a newer version; upgrade this server instead`,
      );
    }
    const applied: string[] = [];
    // Unqualified names in the files land in the schema; pg_catalog stays reachable.
    await client.query(`SET LOCAL search_path TO ${q}, pg_catalog`);
    for (const m of all) {
      const checksum = done.get(m.version);
      if (checksum !== undefined) {
        if (checksum !== m.checksum)
          throw new MigrationError('store/migration-changed', `migration ${m.version}_${m.name} was edited after it was applied; add a new migration instead`);
        continue;
      }
      await client.query(m.sql);
      await client.query(`INSERT INTO ${q}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [m.version, m.name, m.checksum]);
      applied.push(`${m.version}_${m.name}`);
    }
    await client.query('COMMIT');
    return { applied, current: all.at(-1)?.version };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
