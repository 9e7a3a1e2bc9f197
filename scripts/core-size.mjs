// Measures @attune/core as users get it: one minified ESM bundle of the public entry.
// Prints total min and min+gzip, then how many output bytes each source file contributes.
// Usage: node scripts/core-size.mjs [--json] [--top=N]
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'packages/core/src/index.ts');
const args = process.argv.slice(2);
const json = args.includes('--json');
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? Infinity);

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['@attune/source'],
  metafile: true,
  write: false,
  outfile: 'core.js',
  logLevel: 'warning',
});

const out = result.outputFiles.find((f) => f.path.endsWith('.js'));
const min = out.contents.byteLength;
const gz = gzipSync(out.contents, { level: 9 }).byteLength;
const output = Object.values(result.metafile.outputs)[0];
const rows = Object.entries(output.inputs)
  .map(([file, { bytesInOutput }]) => ({ file: file.replace(/^packages\/core\/src\//, ''), bytes: bytesInOutput }))
  .filter((r) => r.bytes > 0)
  .sort((a, b) => b.bytes - a.bytes);

// Area = first folder under src (or the file itself), to compare before/after at a glance.
const areas = new Map();
for (const r of rows) {
  const area = r.file.includes('/') ? r.file.split('/')[0] : r.file.replace(/\.ts$/, '');
  areas.set(area, (areas.get(area) ?? 0) + r.bytes);
}
const areaRows = [...areas].sort((a, b) => b[1] - a[1]);

if (json) {
  console.log(JSON.stringify({ min, gzip: gz, areas: Object.fromEntries(areaRows), files: rows }, null, 2));
} else {
  const kb = (n) => (n / 1024).toFixed(2) + ' KB';
  console.log(`@attune/core whole entry  min ${kb(min)} (${min} B)  min+gzip ${kb(gz)} (${gz} B)  (per-import budgets: npm run size)`);
  console.log('\nby area (min bytes)');
  for (const [a, b] of areaRows) console.log(`  ${String(b).padStart(7)}  ${((b / min) * 100).toFixed(1).padStart(5)}%  ${a}`);
  console.log('\nby file (min bytes)');
  for (const r of rows.slice(0, top)) console.log(`  ${String(r.bytes).padStart(7)}  ${r.file}`);
}
