// Size check: min+gzip (and brotli) of each shipped entry against size-budgets.json:
// it fails above an entry's `limit` and reports, without failing, an entry above the
// docs/design.md `target`. Library entries are re-bundled and minified with esbuild, with
// their peers external, the way an app's bundler would include them. Needs a build.
import { build } from 'esbuild';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { budgets } = JSON.parse(readFileSync(path.join(root, 'size-budgets.json'), 'utf8'));

async function minified(budget) {
  if (budget.file) return readFileSync(path.join(root, budget.file));
  const result = await build({
    entryPoints: [path.join(root, budget.entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    external: budget.external,
    logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const rows = [];
let failed = 0;
for (const budget of budgets) {
  const target = budget.file ?? budget.entry;
  if (!existsSync(path.join(root, target))) {
    console.error(`size: ${target} is missing — run the build first (npm run build).`);
    process.exit(1);
  }
  const code = await minified(budget);
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const ok = gzip <= budget.limit;
  if (!ok) failed++;
  const goal = budget.target ?? budget.limit;
  rows.push({ name: budget.name, min: code.length, gzip, brotli, target: goal, limit: budget.limit, ok, onTarget: gzip <= goal });
}

const header = ['entry', 'min', 'min+gzip', 'min+brotli', 'design target', 'CI limit', ''];
const verdict = (r) => (!r.ok ? 'OVER LIMIT' : r.onTarget ? 'ok' : `ok (${((r.gzip / r.target) * 100).toFixed(0)}% of target)`);
const table = [header, ...rows.map((r) => [r.name, kb(r.min), kb(r.gzip), kb(r.brotli), kb(r.target), kb(r.limit), verdict(r)])];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
for (const r of rows.filter((row) => row.ok && !row.onTarget)) console.log(`note: ${r.name} is ${kb(r.gzip - r.target)} over its docs/design.md target.`);
if (failed) {
  console.error(`size: ${failed} entr${failed === 1 ? 'y is' : 'ies are'} over budget.`);
  process.exit(1);
}
