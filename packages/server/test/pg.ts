// Where the PostgreSQL tests find a database: ATTUNE_TEST_DATABASE_URL (set by .ci/run and
// `npm test`), else the local server's Unix socket. Each test gets its own schema, dropped
// afterwards, so concurrent runs on one database never meet.
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';

export const DATABASE_URL = process.env.ATTUNE_TEST_DATABASE_URL ?? `postgres://${encodeURIComponent(userInfo().username)}@/postgres?host=/var/run/postgresql`;

let reachable: Promise<string | undefined> | undefined;

/**
 * undefined when PostgreSQL answers; otherwise why not (the skip reason, printed once per
 * file). An explicit ATTUNE_TEST_DATABASE_URL promises a server: then nothing is skipped and
 * an unreachable one fails the tests, as CI must.
 */
export function postgresUnavailable(): Promise<string | undefined> {
  reachable ??= (async () => {
    if (process.env.ATTUNE_TEST_DATABASE_URL) return undefined;
    const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (error) {
      return `PostgreSQL tests skipped: no PostgreSQL at ${DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} (${error instanceof Error ? error.message : String(error)}); set ATTUNE_TEST_DATABASE_URL or run .ci/run`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

export const uniqueSchema = (): string => `t_${randomBytes(6).toString('hex')}`;

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
