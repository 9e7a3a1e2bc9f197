#!/usr/bin/env node
// Long fault-injection soak over the real reference server (kept out of CI):
//   node scripts/soak.mjs [--seeds 1000] [--from 1] [--seed N] [--transport sse|websocket] [--concurrency 4]
// Each seed runs one seeded schedule of connection drops, server restarts, delayed,
// duplicated and reordered server events and client reloads mid-send, over SSE and over
// WebSocket, and checks that nothing was lost or duplicated. Prints runs, messages and
// violations; exits 1 on any violation. `--seed N` replays one seed.
//
//   node scripts/soak.mjs --processes 2 [--seeds 1000] [--seed N]
// runs the scale-out soak instead: N server processes on one PostgreSQL behind a loopback
// balancer, one SIGKILLed and restarted in every seed (packages/server/test/scale/).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgres } from './postgres.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (process.argv.includes('--processes')) {
  const postgres = ensurePostgres();
  if (!postgres.url) {
    console.error(`The scale-out soak needs PostgreSQL: ${postgres.skip}`);
    process.exit(1);
  }
  const scale = spawnSync(
    process.execPath,
    ['--conditions=@attune/source', '--import', 'tsx', path.join('test', 'scale', 'soak.ts'), ...process.argv.slice(2)],
    { cwd: path.join(root, 'packages', 'server'), stdio: 'inherit', env: { ...process.env, ATTUNE_TEST_DATABASE_URL: postgres.url } },
  );
  process.exit(scale.status ?? 1);
}
const result = spawnSync(
  process.execPath,
  ['--conditions=@attune/source', '--import', 'tsx', path.join('test', 'faults', 'soak.ts'), ...process.argv.slice(2)],
  // Run from the server package so its dependencies (ws) resolve.
  { cwd: path.join(root, 'packages', 'server'), stdio: 'inherit' },
);
process.exit(result.status ?? 1);
