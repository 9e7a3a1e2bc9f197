import { createPostgresBus, type PostgresBus, type PostgresBusOptions } from './bus/postgres.js';
import { createPostgresStore, type PostgresStore } from './store/postgres.js';

/**
 * The production backend: the PostgreSQL store and the LISTEN/NOTIFY bus on one database,
 * wired so the store's in-transaction NOTIFY is the only `appended` wake-up. What
 * `createServer` uses when `DATABASE_URL` is set; N processes started with the same URL
 * share every conversation.
 */
export interface PostgresBackendOptions {
  /** libpq URL (`DATABASE_URL`). */
  url: string;
  /** Schema for the tables and the bus channel (`ATTUNE_PG_SCHEMA`). Default `attune`. */
  schema?: string | undefined;
  /** Connections per process (`ATTUNE_PG_POOL`). Default 10. */
  poolSize?: number | undefined;
  /** Apply pending migrations at start (`ATTUNE_PG_MIGRATE=0` to leave it to a deploy step). Default true. */
  migrate?: boolean | undefined;
  onBusEvent?: PostgresBusOptions['onEvent'];
}

export interface PostgresBackend {
  store: PostgresStore;
  bus: PostgresBus;
  close(): Promise<void>;
}

export async function createPostgresBackend(options: PostgresBackendOptions): Promise<PostgresBackend> {
  const store = await createPostgresStore({
    connectionString: options.url,
    schema: options.schema,
    max: options.poolSize,
    migrate: options.migrate,
    notify: true,
  });
  let bus: PostgresBus;
  try {
    bus = await createPostgresBus({ connectionString: options.url, schema: store.schema, appendedFromStore: true, onEvent: options.onBusEvent });
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    bus,
    async close() {
      await bus.close();
      await store.close();
    },
  };
}

/** Reads the PostgreSQL settings from the environment; undefined when `DATABASE_URL` is unset. */
export function postgresOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PostgresBackendOptions | undefined {
  const url = env.DATABASE_URL;
  if (url === undefined || url === '') return undefined;
  const pool = env.ATTUNE_PG_POOL === undefined ? undefined : Number(env.ATTUNE_PG_POOL);
  if (pool !== undefined && (!Number.isInteger(pool) || pool < 1 || pool > 1000)) throw new RangeError('ATTUNE_PG_POOL must be an integer from 1 to 1000');
  return { url, schema: env.ATTUNE_PG_SCHEMA, poolSize: pool, migrate: env.ATTUNE_PG_MIGRATE !== '0' };
}
