/**
 * The whole benchmark in one command:
 *
 *   node --conditions=@attune/source --import tsx bench/src/main.ts [--quick] [--out-dir DIR]
 *        [--only size,render,throughput,streaming] [--repetitions N]
 *
 * `--only streaming` runs the streaming benchmark alone (a 2,000-token markdown reply at
 * 100 tokens/s into a 1,000-message transcript, Attune vs deep-chat).
 *
 * Prints the side-by-side tables and writes `bench/results.json` and `docs/benchmarks.md`
 * (with `--out-dir`, both go to that directory instead; `--quick` without `--out-dir`
 * writes to `bench/.quick/`, so a smoke run never overwrites real figures).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchDir, rootDir } from './paths.js';
import { currentLoad, machineInfo, packageVersions } from './machine.js';
import { runSize, type SizeResult } from './size.js';
import { runRender, type RenderResult } from './render.js';
import { runThroughput, type ThroughputResult } from './throughput.js';
import { runStreaming, type StreamingResult } from './streaming.js';
import {
  formatText,
  headline,
  markdown,
  readmeTable,
  renderTable,
  sizeRatioTable,
  sizeTable,
  streamingHeadline,
  streamingTable,
  throughputTable,
  type BenchOptions,
  type BenchResults,
} from './report.js';

const COMMAND = 'node --conditions=@attune/source --import tsx bench/src/main.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'out-dir': { type: 'string' },
    only: { type: 'string' },
    repetitions: { type: 'string' },
  },
});

const quick = values.quick ?? false;
const only = new Set((values.only ?? 'size,render,throughput,streaming').split(',').map((s) => s.trim()));
const options: BenchOptions = quick
  ? { quick, transcript: 20, load: 20, appends: 3, repetitions: 1, storeMessages: 200, passes: 1, streamTokens: 100, streamRate: 100 }
  : { quick, transcript: 200, load: 1000, appends: 50, repetitions: 5, storeMessages: 10_000, passes: 5, streamTokens: 2000, streamRate: 100 };
if (values.repetitions) options.repetitions = Number(values.repetitions);

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const machine = machineInfo();
log(`bench: ${quick ? 'quick smoke run' : 'full run'} on ${machine.cpu} (${machine.cores} cores), load ${machine.loadAtStart.join(' / ')}`);

let size: SizeResult[] = [];
let render: RenderResult[] = [];
let throughput: ThroughputResult[] = [];
let streaming: StreamingResult[] = [];
let chromium = 'not run';

if (only.has('size')) {
  log('bench: size…');
  size = await runSize();
}
if (only.has('throughput')) {
  log('bench: core throughput…');
  throughput = await runThroughput({ lines: quick ? 50 : 2000, storeMessages: options.storeMessages, passes: options.passes, minMs: quick ? 20 : 300 });
}
if (only.has('render')) {
  log('bench: render speed in Chromium…');
  const run = await runRender({ transcript: options.transcript, load: options.load, appends: options.appends, repetitions: options.repetitions, log });
  render = run.results;
  chromium = run.chromium;
}
if (only.has('streaming')) {
  log(`bench: streaming a ${options.streamTokens.toLocaleString('en')}-token reply at ${options.streamRate} tokens/s in Chromium…`);
  const run = await runStreaming({ tokens: options.streamTokens, perSecond: options.streamRate, load: options.load, repetitions: options.repetitions, log });
  streaming = run.results;
  chromium = run.chromium;
}

const results: BenchResults = {
  date: new Date().toISOString(),
  command: COMMAND,
  options,
  machine,
  loadAtEnd: currentLoad(),
  chromium,
  packages: packageVersions(),
  size,
  render,
  throughput,
  streaming,
  headline: [size.length || render.length || throughput.length ? headline(size, render, throughput, options) : '', streamingHeadline(streaming, options)]
    .filter(Boolean)
    .join(' '),
};

const sections: string[] = [];
if (size.length) sections.push(`Size\n${formatText(sizeTable(size))}\n\n${formatText(sizeRatioTable(size))}`);
if (render.length)
  sections.push(
    `Render speed (headless Chromium ${chromium}; median (min–max) of ${options.repetitions} fresh pages)\n${formatText(renderTable(render, options))}`,
  );
if (streaming.length)
  sections.push(
    `Streaming (headless Chromium ${chromium}; median (min–max) of ${options.repetitions} fresh pages)\n${formatText(streamingTable(streaming, options))}`,
  );
if (throughput.length) sections.push(`Core throughput (Node ${process.version})\n${formatText(throughputTable(throughput))}`);
process.stdout.write(`${sections.join('\n\n')}\n\n${results.headline}\n`);

const outDir = values['out-dir'] ? path.resolve(values['out-dir']) : quick ? path.join(benchDir, '.quick') : undefined;
const jsonFile = outDir ? path.join(outDir, 'results.json') : path.join(benchDir, 'results.json');
const mdFile = outDir ? path.join(outDir, 'benchmarks.md') : path.join(rootDir, 'docs', 'benchmarks.md');
const notesFile = path.join(benchDir, 'NOTES.md');
mkdirSync(path.dirname(jsonFile), { recursive: true });
mkdirSync(path.dirname(mdFile), { recursive: true });
// NaN is not JSON: failed figures become null.
writeFileSync(jsonFile, `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
writeFileSync(mdFile, markdown(results, existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : ''));
log(`bench: wrote ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), mdFile)}`);

// A full run of everything regenerates the README's comparison table (between its markers).
const readmeFile = path.join(rootDir, 'README.md');
const START = '<!-- bench:start (generated by npm run bench) -->';
const END = '<!-- bench:end -->';
if (!outDir && size.length && render.length && streaming.length && existsSync(readmeFile)) {
  const readme = readFileSync(readmeFile, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from >= 0 && to > from) {
    writeFileSync(readmeFile, `${readme.slice(0, from + START.length)}\n${readmeTable(results)}\n${readme.slice(to)}`);
    log('bench: regenerated the comparison table in README.md');
  } else log('bench: README.md has no bench markers; its table was left alone');
}

const failed = [...size.filter((s) => s.error), ...render.filter((r) => r.error), ...streaming.filter((r) => r.error)];
if (failed.length) {
  log(`bench: ${failed.length} subject(s) failed`);
  process.exitCode = 1;
}
