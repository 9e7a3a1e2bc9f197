// Per-import size check (min+gzip, and brotli) against size-budgets.json, the way
// size-limit measures: each budget is what an app ships for one import — a snippet bundled
// by rollup (as in Vite) and minified by terser from the built dist/ (code split, peers
// external) — or a file of
// the self-contained widget. "First load" counts the entry and the chunks it imports
// statically; `lazy: true` adds every chunk reachable through import(). Each file is
// compressed on its own, as it travels. Fails above a budget's `limit`; prints the
// docs/design.md `target` next to it. Needs a build (npm run build).
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { budgets } = JSON.parse(readFileSync(path.join(root, 'size-budgets.json'), 'utf8'));

/** Files reachable from `start` through `edges(file)` → [{ path, dynamic }], static edges only unless `lazy`. */
function reachable(start, edges, lazy) {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    for (const edge of edges(queue.shift())) {
      if ((lazy || !edge.dynamic) && !seen.has(edge.path)) {
        seen.add(edge.path);
        queue.push(edge.path);
      }
    }
  }
  return [...seen];
}

/** A snippet's output files, as an app's bundler (rollup, as in Vite) splits and minifies them. */
async function snippet(budget) {
  const id = '\0snippet.js';
  const bundle = await rollup({
    input: id,
    external: budget.external ?? [],
    plugins: [
      { name: 'snippet', resolveId: (source) => (source === id ? id : null), load: (source) => (source === id ? budget.code : null) },
      nodeResolve({ browser: true, rootDir: path.join(root, budget.from) }),
      terser({ format: { comments: false }, compress: { passes: 2 } }),
    ],
    onwarn: () => {},
  });
  // Bare imports resolve from the importing package's folder; the snippet stands in it.
  const { output } = await bundle.generate({ format: 'es', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const entry = [...chunks.values()].find((c) => c.isEntry);
  const edges = (name) => {
    const chunk = chunks.get(name);
    return [
      ...(chunk?.imports ?? []).map((p) => ({ path: p, dynamic: false })),
      ...(chunk?.dynamicImports ?? []).map((p) => ({ path: p, dynamic: true })),
    ].filter((e) => chunks.has(e.path));
  };
  return reachable(entry.fileName, edges, budget.lazy).map((name) => Buffer.from(chunks.get(name).code));
}

/** A built file and the chunks it imports (read from its `import`/`from` specifiers). */
function file(budget) {
  const start = path.join(root, budget.file);
  const edges = (p) => {
    const code = readFileSync(p, 'utf8');
    const found = [];
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*(\()?\s*["'](\.{1,2}\/[^"']+)["']/g))
      found.push({ path: path.resolve(path.dirname(p), m[2]), dynamic: m[1] === '(' });
    return found;
  };
  return reachable(start, edges, budget.lazy).map((p) => readFileSync(p));
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const rows = [];
let failed = 0;
for (const budget of budgets) {
  const needed = budget.file ?? `${budget.from}/node_modules`;
  if (!existsSync(path.join(root, needed)) || (budget.code && !existsSync(path.join(root, 'packages/core/dist/index.js')))) {
    console.error(`size: ${needed} or a package's dist/ is missing — run the build first (npm run build).`);
    process.exit(1);
  }
  const parts = budget.file ? file(budget) : await snippet(budget);
  const min = parts.reduce((n, b) => n + b.length, 0);
  const gzip = parts.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  const brotli = parts.reduce((n, b) => n + brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0);
  const ok = gzip <= budget.limit;
  if (!ok) failed++;
  rows.push({ name: budget.name, files: parts.length, min, gzip, brotli, target: budget.target ?? budget.limit, limit: budget.limit, ok });
}

const header = ['import', 'files', 'min', 'min+gzip', 'min+brotli', 'limit (CI)', 'target', ''];
const verdict = (r) => (!r.ok ? 'OVER LIMIT' : r.gzip <= r.target ? 'ok' : `ok, ${kb(r.gzip - r.target)} over target`);
const table = [header, ...rows.map((r) => [r.name, String(r.files), kb(r.min), kb(r.gzip), kb(r.brotli), kb(r.limit), kb(r.target), verdict(r)])];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
if (failed) {
  console.error(`size: ${failed} import${failed === 1 ? ' is' : 's are'} over budget.`);
  process.exit(1);
}
