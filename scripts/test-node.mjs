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

const dirs = e2e ? ['e2e'] : ['packages/core/test', 'packages/widget/test', 'packages/react-adapter/test', 'examples', 'bench/test'];
const files = dirs.flatMap((d) => walk(path.join(root, d))).sort();
if (files.length === 0) {
  console.error('test-node: no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--conditions=@attune/source', '--import', 'tsx', '--test', '--test-concurrency=2', ...files.map((f) => path.relative(root, f))],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
