// The conformance suite for the embedded stores (PostgreSQL runs it in store-postgres.test.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStore } from '../src/store/file.js';
import { memoryStore } from '../src/store/memory.js';
import { storeContract } from './store-contract.js';

storeContract('memory', async () => {
  const store = memoryStore();
  return { store, cleanup: () => store.close() };
});

storeContract('file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'attune-store-'));
  const store = await fileStore(dir);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
