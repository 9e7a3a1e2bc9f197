// Smoke test of the benchmark: the quick mode end to end (size, core throughput, render
// and streaming in Chromium), so the harness cannot rot. It checks that every subject is in the printed
// table and in results.json with finite figures — not the figures themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Spread {
  median: number | null;
  n: number;
}

test('bench --quick prints and writes every subject with finite figures', { timeout: 240_000 }, () => {
  const out = mkdtempSync(path.join(tmpdir(), 'attune-bench-'));
  try {
    const run = spawnSync(process.execPath, ['--conditions=@attune/source', '--import', 'tsx', 'bench/src/main.ts', '--quick', '--out-dir', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 230_000,
    });
    assert.equal(run.status, 0, `bench exited with ${run.status}\n${run.stderr}`);

    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as {
      options: { quick: boolean };
      size: { id: string; label: string; min: number | null; gzip: number | null; brotli: number | null }[];
      render: ({ subject: string } & Record<string, Spread | string>)[];
      throughput: { id: string; label: string; rate: Spread }[];
      streaming: ({ subject: string } & Record<string, Spread | string>)[];
    };
    assert.equal(results.options.quick, true);

    const sizeIds = results.size.map((s) => s.id);
    // The built attune-widget.js first (entry alone, entry + chunks), then the esbuild bundles.
    assert.deepEqual(sizeIds, [
      'attune-widget-first-load',
      'attune-widget-in-page-all',
      'attune-widget',
      'attune-core',
      'attune-react-hooks',
      'attune-react',
      'deep-chat',
      'nlux-core',
      'nlux-react',
      'ai-sdk-react',
    ]);
    for (const s of results.size) {
      for (const key of ['min', 'gzip', 'brotli'] as const) assert.ok(Number.isFinite(s[key]) && s[key]! > 0, `${s.id}.${key} = ${s[key]}`);
      assert.ok(s.gzip! < s.min!, `${s.id}: gzip smaller than min`);
      assert.ok(run.stdout.includes(s.label), `table shows ${s.label}`);
    }

    assert.deepEqual(
      results.render.map((r) => r.subject),
      ['attune', 'deep-chat', 'nlux'],
    );
    for (const r of results.render) {
      assert.equal(r.error, undefined, `${r.subject}: ${JSON.stringify(r.error)}`);
      for (const key of [
        'firstRender',
        'firstRenderCpu',
        'firstMount',
        'transcript',
        'transcriptCpu',
        'load',
        'longTasks',
        'longTaskMs',
        'heap',
        'append',
        'appendCpu',
      ]) {
        const value = r[key] as Spread;
        assert.ok(value.n > 0 && Number.isFinite(value.median), `${r.subject}.${key} = ${JSON.stringify(value)}`);
      }
      assert.ok((r.heap as Spread).median! > 100_000, `${r.subject}: a plausible heap size`);
    }
    const header = run.stdout.split('\n').find((line) => line.startsWith('figure'));
    assert.ok(header, 'render table printed');
    for (const subject of ['attune', 'deep-chat', 'nlux', 'attune / deep-chat', 'attune / nlux'])
      assert.ok(header.includes(subject), `render table has ${subject}`);

    assert.deepEqual(
      results.throughput.map((t) => t.id),
      ['detectTone', 'paraphrase', 'tone+paraphrase', 'markdown', 'markdown-stream', 'store'],
    );
    for (const t of results.throughput) {
      assert.ok(Number.isFinite(t.rate.median) && t.rate.median! > 0, `${t.id} rate`);
      assert.ok(run.stdout.includes(t.label), `table shows ${t.label}`);
    }

    assert.deepEqual(
      results.streaming.map((r) => r.subject),
      ['attune', 'deep-chat'],
    );
    for (const r of results.streaming) {
      assert.equal(r.error, undefined, `${r.subject}: ${JSON.stringify(r.error)}`);
      for (const key of ['cpuPerToken', 'cpu', 'wall', 'longTasks', 'longestTaskMs', 'longestTaskCpuMs']) {
        const value = r[key] as Spread;
        assert.ok(value.n > 0 && Number.isFinite(value.median), `${r.subject}.${key} = ${JSON.stringify(value)}`);
      }
      // 100 tokens at 100/s: the stream cannot end before its schedule, and it costs some CPU.
      assert.ok((r.wall as Spread).median! >= 990, `${r.subject}: the stream took its schedule`);
      assert.ok((r.cpuPerToken as Spread).median! > 0, `${r.subject}: CPU per token measured`);
    }
    const streamHeader = run.stdout.split('\n').filter((line) => line.startsWith('figure'))[1];
    assert.ok(streamHeader?.includes('attune / deep-chat'), 'streaming table printed');
    assert.match(run.stdout, /main-thread CPU per token \(ms\)/);

    const md = readFileSync(path.join(out, 'benchmarks.md'), 'utf8');
    assert.match(md, /## Size/);
    assert.match(md, /\| attune-widget \/ deep-chat \| [\d.]+× \|/);
    assert.match(md, /Chromium \d+\./);
    assert.match(md, /## Streaming/);
    assert.match(md, /\| main-thread CPU per token \(ms\) \| [\d.]+ \| [\d.]+ \| [\d.]+× \|/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
