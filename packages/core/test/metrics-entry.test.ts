import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const src = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Bundles what an app imports from the root entry, tree-shaken the way its bundler would. */
async function bundle(names: string): Promise<string> {
  const result = await build({
    stdin: { contents: `export { ${names} } from ${JSON.stringify(src)};`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
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
