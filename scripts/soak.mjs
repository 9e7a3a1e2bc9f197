#!/usr/bin/env node
// Long fault-injection soak over the real reference server (kept out of CI):
//   node scripts/soak.mjs [--seeds 1000] [--from 1] [--seed N] [--transport sse|websocket] [--concurrency 4]
// Each seed runs one seeded schedule of connection drops, server restarts, delayed,
// duplicated and reordered server events and client reloads mid-send, over SSE and over
// WebSocket, and checks that nothing was lost or duplicated. Prints runs, messages and
// violations; exits 1 on any violation. `--seed N` replays one seed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const result = spawnSync(
  process.execPath,
  ['--conditions=@attune/source', '--import', 'tsx', path.join('test', 'faults', 'soak.ts'), ...process.argv.slice(2)],
  // Run from the server package so its dependencies (ws) resolve.
  { cwd: path.join(root, 'packages', 'server'), stdio: 'inherit' },
);
process.exit(result.status ?? 1);
