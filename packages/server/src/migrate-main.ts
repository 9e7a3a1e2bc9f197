// Applies the PostgreSQL migrations and exits, for deploys that migrate in a step of their
// own (then start the servers with ATTUNE_PG_MIGRATE=0):
//   DATABASE_URL=postgres://… node dist/migrate-main.js [--reset-epochs]
// `--reset-epochs` after restoring a backup: every conversation gets a new log epoch, so
// clients that saw seqs past the restored point re-sync instead of hiding new replies.
import { createPostgresStore } from './store/postgres.js';
import { postgresOptionsFromEnv } from './postgres.js';

const options = postgresOptionsFromEnv();
if (!options) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
try {
  const store = await createPostgresStore({ connectionString: options.url, schema: options.schema, max: 1, migrate: true });
  console.log(`schema ${store.schema} is up to date`);
  if (process.argv.includes('--reset-epochs')) console.log(`new log epoch for ${await store.resetEpochs()} conversations`);
  await store.close();
} catch (error) {
  const code = (error as { code?: unknown }).code;
  console.error(`migration failed${typeof code === 'string' ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
