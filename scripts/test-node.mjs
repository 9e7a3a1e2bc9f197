// Runs the Node test files (node's test runner through tsx, sources resolved through the
// `@attune/source` condition, so no build is needed). Node 20's --test does not expand
// globs, so the files are listed here. `--e2e` runs the end-to-end suite instead.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const e2e = process.argv.includes('--e2e');

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.test\.tsx?$/.test(entry.name) && !/\.browser\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const dirs = e2e ? ['e2e'] : ['packages/core/test', 'packages/widget/test', 'packages/react-adapter/test', 'packages/server/test', 'examples', 'bench/test'];
const files = dirs.flatMap((d) => walk(path.join(root, d))).sort();
if (files.length === 0) {
  console.error('test-node: no test files found');
  process.exit(1);
}
const node = (args, env = {}) =>
  spawnSync(process.execPath, ['--conditions=@attune/source', '--import', 'tsx', ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
    .status ?? 1;

let status = node(['--test', '--test-concurrency=2', ...files.map((f) => path.relative(root, f))]);
// The server-rendering test again against React 18 (the run above uses React 19).
const ssr = 'packages/react-adapter/test/ssr.test.tsx';
if (!e2e && existsSync(path.join(root, ssr))) {
  console.log('\n# React 18: server rendering');
  status ||= node(['--import', './packages/react-adapter/test/fixtures/react-version.mjs', '--test', ssr], { ATTUNE_REACT: '18' });
}
process.exit(status);
