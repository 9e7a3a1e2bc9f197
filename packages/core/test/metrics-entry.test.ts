import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { rollup } from 'rollup';
import type { Plugin } from 'rollup';

const src = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/**
 * Bundles what an app imports from the root entry with rollup (as in Vite: tree-shaken,
 * code-split) and returns what loads first: the entry chunk and the chunks it imports
 * statically. Chunks behind `import()` (the in-page agent, which a page with a transport
 * never loads: see the e2e chunk test) are not part of it.
 */
async function bundle(names: string): Promise<string> {
  const typescript: Plugin = {
    name: 'typescript-source',
    resolveId(source, importer) {
      if (source === 'entry') return source;
      // The sources import each other as `./x.js`; the files are `./x.ts`.
      if (importer && source.startsWith('.') && source.endsWith('.js')) {
        const file = resolve(dirname(importer), source.replace(/\.js$/, '.ts'));
        if (existsSync(file)) return file;
      }
      return null;
    },
    load: (id) => (id === 'entry' ? `export { ${names} } from ${JSON.stringify(src)};` : null),
    async transform(code, id) {
      return id.endsWith('.ts') ? { code: (await transform(code, { loader: 'ts', format: 'esm' })).code, map: null } : null;
    },
  };
  const built = await rollup({ input: 'entry', plugins: [typescript], logLevel: 'silent' });
  const { output } = await built.generate({ format: 'es' });
  await built.close();
  const chunks = new Map(output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o] as const] : [])));
  const first = new Set<string>();
  const visit = (name: string): void => {
    const chunk = chunks.get(name);
    if (!chunk || first.has(name)) return;
    first.add(name);
    chunk.imports.forEach(visit);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  return [...first].map((name) => chunks.get(name)?.code ?? '').join('\n');
}

test('@attune/core/metrics resolves and exports the measurement API', async () => {
  const metrics = await import('@attune/core/metrics');
  for (const name of ['summarizeConversation', 'aggregateSummaries', 'detectAbuse', 'validateFeedback', 'parseFeedbackEvent']) {
    assert.equal(typeof (metrics as Record<string, unknown>)[name], 'function', name);
  }
});

test('an app that only talks to a server pays nothing for metrics or abuse detection', async () => {
  const client = await bundle('createConversation, httpTransport');
  const measured = await bundle('createConversation, httpTransport, summarizeConversation');
  // Strings that only the metrics and abuse modules contain.
  for (const marker of ['Fewer than two customer messages', 'name-calling aimed at you']) {
    assert.ok(!client.includes(marker), `client bundle contains "${marker}"`);
    assert.ok(measured.includes(marker), `the check would see "${marker}" if it were bundled`);
  }
});
