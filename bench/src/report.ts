/** Turns the results into the console table, `bench/results.json` and `docs/benchmarks.md`. */
import type { MachineInfo } from './machine.js';
import type { RenderResult, RenderSubject } from './render.js';
import { sizeRatios, type SizeResult } from './size.js';
import type { Spread } from './stats.js';
import type { ThroughputResult } from './throughput.js';
import type { StreamingResult } from './streaming.js';

export interface BenchOptions {
  quick: boolean;
  transcript: number;
  load: number;
  appends: number;
  repetitions: number;
  storeMessages: number;
  passes: number;
  /** Tokens in the streamed reply, and tokens per second. */
  streamTokens: number;
  streamRate: number;
}

export interface BenchResults {
  date: string;
  command: string;
  options: BenchOptions;
  machine: MachineInfo;
  loadAtEnd: number[];
  chromium: string;
  packages: Record<string, string>;
  size: SizeResult[];
  render: RenderResult[];
  throughput: ThroughputResult[];
  streaming: StreamingResult[];
  headline: string;
}

type Table = string[][];

const kb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a');
const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const digitsFor = (n: number): number => (Math.abs(n) >= 100 ? 0 : 1);
const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** `median (min–max)` or, for `iqr`, `median (p25–p75)`. */
function cell(s: Spread, scale = 1, iqr = false): string {
  if (!s.n) return 'n/a';
  const m = s.median / scale;
  const d = digitsFor(m);
  const lo = (iqr ? s.p25 : s.min) / scale;
  const hi = (iqr ? s.p75 : s.max) / scale;
  return s.n > 1 && lo !== hi ? `${fixed(m, d)} (${fixed(lo, d)}–${fixed(hi, d)})` : fixed(m, d);
}

export function sizeTable(size: readonly SizeResult[]): Table {
  const rows: Table = [['subject', 'min', 'min+gzip', 'min+brotli', 'of which CSS (min)']];
  for (const r of size) rows.push([r.label, kb(r.min), kb(r.gzip), kb(r.brotli), r.cssMin ? kb(r.cssMin) : '—']);
  return rows;
}

export function sizeRatioTable(size: readonly SizeResult[]): Table {
  const byId = new Map(size.map((r) => [r.id, r]));
  const rows: Table = [['Attune / peer (min+gzip)', 'ratio', 'Attune', 'peer']];
  for (const [ours, peers] of Object.entries(sizeRatios)) {
    for (const peer of peers) {
      const a = byId.get(ours);
      const b = byId.get(peer);
      if (a && b) rows.push([`${a.id} / ${b.id}`, ratio(a.gzip, b.gzip), kb(a.gzip), kb(b.gzip)]);
    }
  }
  return rows;
}

interface RenderMetric {
  label: string;
  pick: (r: RenderResult) => Spread;
  scale?: number;
  iqr?: boolean;
}

function renderMetrics(o: BenchOptions): RenderMetric[] {
  const n = (x: number): string => x.toLocaleString('en');
  return [
    { label: 'first render, empty widget: navigation start → painted (ms)', pick: (r) => r.firstRender },
    { label: 'first render, empty widget: main-thread CPU (ms)', pick: (r) => r.firstRenderCpu },
    { label: 'empty widget: mount → painted (ms)', pick: (r) => r.firstMount },
    { label: `${n(o.transcript)}-message transcript: mount → painted (ms)`, pick: (r) => r.transcript },
    { label: `${n(o.transcript)}-message transcript: main-thread CPU (ms)`, pick: (r) => r.transcriptCpu },
    { label: `${n(o.load)}-message load: mount → painted (ms)`, pick: (r) => r.load },
    { label: `long tasks during the ${n(o.load)}-message load (count)`, pick: (r) => r.longTasks },
    { label: `long tasks during the ${n(o.load)}-message load (total ms)`, pick: (r) => r.longTaskMs },
    { label: `JS heap after ${n(o.load)} messages, after GC (MB)`, pick: (r) => r.heap, scale: 1024 * 1024 },
    { label: `JS heap growth for ${n(o.load)} messages (MB; loaded − empty widget, after GC)`, pick: (r) => r.heapGrowth, scale: 1024 * 1024 },
    { label: `append 1 message at ${n(o.load)}: → painted (ms, median of ${n(o.appends * o.repetitions)}, IQR)`, pick: (r) => r.append, iqr: true },
    { label: `append 1 agent message at ${n(o.load)}: → painted (ms, IQR)`, pick: (r) => r.appendAgent, iqr: true },
    { label: `append 1 customer message at ${n(o.load)}: → painted (ms, IQR)`, pick: (r) => r.appendCustomer, iqr: true },
    { label: `append 1 message at ${n(o.load)}: main-thread CPU per append (ms)`, pick: (r) => r.appendCpu },
  ];
}

export function renderTable(render: readonly RenderResult[], o: BenchOptions): Table {
  const subjects = render.map((r) => r.subject);
  const ours = render.find((r) => r.subject === 'attune');
  const peers = render.filter((r) => r.subject !== 'attune');
  const rows: Table = [['figure', ...subjects, ...peers.map((p) => `attune / ${p.subject}`)]];
  for (const metric of renderMetrics(o)) {
    rows.push([
      metric.label,
      ...render.map((r) => cell(metric.pick(r), metric.scale, metric.iqr)),
      ...peers.map((p) => (ours ? ratio(metric.pick(ours).median, metric.pick(p).median) : 'n/a')),
    ]);
  }
  return rows;
}

function streamingMetrics(o: BenchOptions): { label: string; pick: (r: StreamingResult) => Spread }[] {
  const n = (x: number): string => x.toLocaleString('en');
  return [
    { label: 'main-thread CPU per token (ms)', pick: (r) => r.cpuPerToken },
    { label: `main-thread CPU, whole ${n(o.streamTokens)}-token stream (ms)`, pick: (r) => r.cpu },
    { label: `first token → final text painted (ms; the schedule alone is ${n((o.streamTokens / o.streamRate) * 1000)})`, pick: (r) => r.wall },
    { label: 'long tasks > 50 ms during the stream (count)', pick: (r) => r.longTasks },
    { label: 'longest long task (ms; 0 = none)', pick: (r) => r.longestTaskMs },
    { label: 'longest main-thread task, CPU thread time (ms)', pick: (r) => r.longestTaskCpuMs },
  ];
}

export function streamingTable(streaming: readonly StreamingResult[], o: BenchOptions): Table {
  const ours = streaming.find((r) => r.subject === 'attune');
  const peers = streaming.filter((r) => r.subject !== 'attune');
  const rows: Table = [['figure', ...streaming.map((r) => r.subject), ...peers.map((p) => `attune / ${p.subject}`)]];
  for (const metric of streamingMetrics(o)) {
    rows.push([
      metric.label,
      ...streaming.map((r) => cell(metric.pick(r))),
      ...peers.map((p) => (ours ? ratio(metric.pick(ours).median, metric.pick(p).median) : 'n/a')),
    ]);
  }
  return rows;
}

/** The streaming sentence of the headline, with the issue's target (≤ 0.5× deep-chat's CPU per token, no long task). */
export function streamingHeadline(streaming: readonly StreamingResult[], o: BenchOptions): string {
  const a = streaming.find((r) => r.subject === 'attune');
  const d = streaming.find((r) => r.subject === 'deep-chat');
  if (!a || !d) return '';
  const perToken = (x: StreamingResult): string => (x.cpuPerToken.n ? `${fixed(x.cpuPerToken.median, 3)} ms` : 'n/a');
  const longest = (x: StreamingResult): string =>
    x.longTasks.n
      ? `${fixed(x.longTasks.max, 0)} long task(s), longest ${fixed(x.longestTaskMs.max, 0)} ms (longest task by CPU ${fixed(x.longestTaskCpuMs.max, 0)} ms)`
      : 'n/a';
  return `Streaming a ${o.streamTokens.toLocaleString('en')}-token markdown reply at ${o.streamRate} tokens/s into a ${o.load.toLocaleString('en')}-message transcript costs ${perToken(a)} of main-thread CPU per token (deep-chat ${perToken(d)}, ${ratio(a.cpuPerToken.median, d.cpuPerToken.median)}; target ≤ 0.50×), with at most ${longest(a)} (deep-chat ${longest(d)}).`;
}

export function throughputTable(throughput: readonly ThroughputResult[]): Table {
  const rows: Table = [['core (Node)', 'messages/s: median (min–max)']];
  for (const t of throughput) rows.push([t.label, cell(t.rate)]);
  return rows;
}

export function formatText(table: Table): string {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return table
    .map((row, r) => {
      const line = row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      return r === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

export function formatMarkdown(table: Table): string {
  const [head, ...body] = table;
  // Labels such as `<attune-chat>` must not turn into HTML.
  const esc = (row: string[]): string => `| ${row.map((c) => c.replace(/</g, '&lt;').replace(/>/g, '&gt;')).join(' | ')} |`;
  return [esc(head!), `| ${head!.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...body.map(esc)].join('\n');
}

const pick = (render: readonly RenderResult[], subject: RenderSubject): RenderResult | undefined => render.find((r) => r.subject === subject);

/** One paragraph with the headline ratios, for the README. */
export function headline(size: readonly SizeResult[], render: readonly RenderResult[], throughput: readonly ThroughputResult[], o: BenchOptions): string {
  const s = new Map(size.map((r) => [r.id, r]));
  const a = pick(render, 'attune');
  const d = pick(render, 'deep-chat');
  const nl = pick(render, 'nlux');
  const both = throughput.find((t) => t.id === 'tone+paraphrase');
  const ms = (x: Spread | undefined): string => (x && x.n ? `${fixed(x.median, digitsFor(x.median))} ms` : 'n/a');
  const r = (x: Spread | undefined, y: Spread | undefined): string => (x && y ? ratio(x.median, y.median) : 'n/a');
  const parts = [
    `Measured side by side in one run (${o.quick ? 'quick smoke sizes, not representative' : `headless Chromium, median of ${o.repetitions} fresh pages`}):`,
    `the self-contained \`<attune-chat>\` bundle is ${kb(s.get('attune-widget')?.gzip ?? NaN)} min+gzip — ${ratio(s.get('attune-widget')?.gzip ?? NaN, s.get('deep-chat')?.gzip ?? NaN)} of deep-chat (${kb(s.get('deep-chat')?.gzip ?? NaN)}) and ${ratio(s.get('attune-widget')?.gzip ?? NaN, s.get('nlux-core')?.gzip ?? NaN)} of @nlux/core with its theme (${kb(s.get('nlux-core')?.gzip ?? NaN)});`,
    `\`@attune/react\` with its core is ${kb(s.get('attune-react')?.gzip ?? NaN)}, ${ratio(s.get('attune-react')?.gzip ?? NaN, s.get('nlux-react')?.gzip ?? NaN)} of @nlux/react and ${ratio(s.get('attune-react')?.gzip ?? NaN, s.get('ai-sdk-react')?.gzip ?? NaN)} of @ai-sdk/react (which renders no UI).`,
    `A ${o.transcript.toLocaleString('en')}-message transcript renders in ${ms(a?.transcript)} (deep-chat ${ms(d?.transcript)}, ${r(a?.transcript, d?.transcript)}; nlux ${ms(nl?.transcript)}, ${r(a?.transcript, nl?.transcript)});`,
    `appending one message at ${o.load.toLocaleString('en')} takes ${ms(a?.append)} to paint (deep-chat ${ms(d?.append)}, ${r(a?.append, d?.append)}; nlux ${ms(nl?.append)}, ${r(a?.append, nl?.append)}).`,
    `In Node, \`detectTone\` + \`paraphrase\` handle ${both ? Math.round(both.rate.median).toLocaleString('en') : 'n/a'} messages/s.`,
  ];
  return parts.join(' ');
}

export function markdown(results: BenchResults, notes: string): string {
  const { machine: m, options: o } = results;
  const packages = Object.entries(results.packages)
    .map(([name, version]) => `\`${name}@${version}\``)
    .join(', ');
  return `# Benchmarks: Attune vs peers

<!-- Generated by \`${results.command}\` — edit bench/NOTES.md or bench/src, not this file. -->

${o.quick ? '> **Quick smoke run (tiny sizes, one repetition): these figures are not representative.**\n\n' : ''}Run on ${results.date}, load average ${m.loadAtStart.join(' / ')} at start (${String(m.cores)} cores)${m.loadAtStart[0]! > m.cores * 0.5 ? ': **the machine was busy (other builds and browser tests ran at the same time), so every timing below is provisional**; sizes are exact' : ''}. Ratios are Attune / peer from this same run: below 1× means Attune is smaller or faster.

**Headline.** ${results.headline}

## Size

Each subject is bundled the same way: esbuild, ESM, minified, \`process.env.NODE_ENV = "production"\`,
from a one-line entry (\`export * from 'pkg'\`, or \`import 'pkg'\` for the widget), with the
peer's CSS when it needs one to render (nlux's \`nova.css\`; deep-chat ships its styles in
its JS). React is external for the React packages. JS and CSS are compressed separately
(gzip -9, brotli -11) and added.

${formatMarkdown(sizeTable(results.size))}

${formatMarkdown(sizeRatioTable(results.size))}
${
  results.size.some((s) => s.error)
    ? `\nFailed to bundle: ${results.size
        .filter((s) => s.error)
        .map((s) => `${s.id} (${s.error})`)
        .join('; ')}\n`
    : ''
}
## Render speed (headless Chromium ${results.chromium})

Each subject on its own page, bundled with esbuild the same way, a fresh page per figure
and repetition (${o.repetitions}), the same deterministic transcript (alternating customer /
agent messages of 4–30 and 10–55 words). Cells are \`median (min–max)\` over repetitions;
the append row pools every append and shows the interquartile range. Timings start at the
beginning of a frame and end after the frame that shows the result has been painted.
"Main-thread CPU" rows are the thread time of the renderer main thread's tasks from a
Chrome trace of the same operation (for an append: its frame and the two after it): they
move far less than wall time when other processes compete for the cores.

${formatMarkdown(renderTable(results.render, o))}
${
  results.render.some((r) => r.error)
    ? `\nFailed: ${results.render
        .filter((r) => r.error)
        .map((r) => `${r.subject} (${r.error})`)
        .join('; ')}\n`
    : ''
}
How each subject is driven (public API only):
- **attune**: \`<attune-chat mode="inline">\` with its \`conversation\` property set to
  \`createConversation({ transport: createScriptedTransport() })\`; history and appends are
  \`text\` server events emitted by the scripted transport (\`@attune/core/testing\`).
- **deep-chat**: the \`history\` property, then \`addMessage()\`; a custom \`connect.handler\`.
- **nlux** (\`@nlux/core\` + nova theme): \`withInitialConversation()\`; nlux has no call that
  adds a message, so an append is a prompt sent from its composer (typed before the timer
  starts) and answered by a batch adapter; the time ends when the prompt is painted.

## Streaming (headless Chromium ${results.chromium})

A ${o.streamTokens.toLocaleString('en')}-token reply streams at ${o.streamRate} tokens/s into a
${o.load.toLocaleString('en')}-message transcript, a fresh page per repetition (${o.repetitions}).
The reply is the same deterministic support answer in markdown for both (paragraphs, bold,
inline code, an ordered and an unordered list, a block quote, a fenced code block), cut into
model-sized tokens of about four characters (\`bench/src/reply.ts\`); tokens leave on a fixed
10 ms schedule (late ones together, as a network delivers them). Both render markdown. The
CPU figure is the thread time of the renderer main thread's tasks in a Chrome trace from the
first token until the final text is painted and the page is quiet, divided by the tokens; long
tasks come from the page's \`longtask\` observer over the same span (wall time: on a loaded
machine a task waits for a core and counts as long), so the trace's longest task by thread
time is shown too, the figure to hold to 50 ms when the machine is busy. Target (issue 12): Attune
≤ 0.5× deep-chat's CPU per token and no long task over 50 ms.

${formatMarkdown(streamingTable(results.streaming, o))}
${
  results.streaming.some((r) => r.error)
    ? `\nFailed: ${results.streaming
        .filter((r) => r.error)
        .map((r) => `${r.subject} (${r.error})`)
        .join('; ')}\n`
    : ''
}
- **attune**: protocol v1.1 through the scripted transport: a \`text\` with
  \`status: 'streaming'\`, one transient \`delta { id, offset, text }\` per token, then the final
  \`text\` (\`status: 'sent'\`), into \`<attune-chat>\` (markdown on, the default).
- **deep-chat**: its own streaming API: \`connect: { stream: true, handler }\`, the question sent
  with \`submitUserMessage()\`, then \`signals.onResponse({ text })\` per token and
  \`signals.onClose()\` once the last chunk has been processed.

## Core throughput (Node ${m.node})

Median of ${o.passes} passes after a warm-up; the store figure applies
${o.storeMessages.toLocaleString('en')} incoming \`text\` events from the scripted transport to a
subscribed conversation, until its snapshot holds them all.

${formatMarkdown(throughputTable(results.throughput))}

## Machine

- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGiB} GiB (${m.freeMemoryGiB} GiB free at start); ${m.os}
- Node ${m.node}; Chromium ${results.chromium}
- Load average (1/5/15 min) at start ${m.loadAtStart.join(' / ')}, at end ${results.loadAtEnd.join(' / ')}${m.loadAtStart[0]! > m.cores * 0.5 ? ' — **the machine was busy: treat these figures as provisional**' : ''}
- Packages: ${packages}

Reproduce: \`${results.command}\` (add \`--quick\` for a smoke run). Figures and the full
spread are also in \`bench/results.json\`.

${notes.trim()}
`;
}

/**
 * The README's comparison table: every row of issue 15's table plus the built widget's
 * first load and streaming, Attune against the best peer of this run, as markdown.
 */
export function readmeTable(results: BenchResults): string {
  const s = new Map(results.size.map((r) => [r.id, r]));
  const a = pick(results.render, 'attune');
  const d = pick(results.render, 'deep-chat');
  const nl = pick(results.render, 'nlux');
  const sa = results.streaming.find((r) => r.subject === 'attune');
  const sd = results.streaming.find((r) => r.subject === 'deep-chat');
  const o = results.options;
  const n = (x: number): string => x.toLocaleString('en');
  const ms = (x: Spread | undefined, digits?: number): string => (x?.n ? `${fixed(x.median, digits ?? digitsFor(x.median))} ms` : 'n/a');
  const mb = (x: Spread | undefined): string => (x?.n ? `${fixed(x.median / 1024 / 1024, 2)} MB` : 'n/a');
  const vs = (ours: number | undefined, peer: number | undefined, shown: string): string =>
    peer === undefined || !Number.isFinite(peer) ? 'n/a' : `${shown} (${ratio(ours ?? NaN, peer)})`;
  const sizeRow = (label: string, id: string): string[] => {
    const ours = s.get(id)?.gzip;
    return [
      label,
      kb(ours ?? NaN),
      vs(ours, s.get('deep-chat')?.gzip, kb(s.get('deep-chat')?.gzip ?? NaN)),
      vs(ours, s.get('nlux-core')?.gzip, `${kb(s.get('nlux-core')?.gzip ?? NaN)} with theme`),
    ];
  };
  const renderRow = (label: string, get: (r: RenderResult) => Spread, format: (x: Spread | undefined) => string = (x) => ms(x)): string[] => [
    label,
    format(a && get(a)),
    vs(a && get(a).median, d && get(d).median, format(d && get(d))),
    vs(a && get(a).median, nl && get(nl).median, format(nl && get(nl))),
  ];
  const rows: Table = [
    ['', 'Attune', `deep-chat ${results.packages['deep-chat'] ?? ''}`.trim(), `@nlux ${results.packages['@nlux/core'] ?? ''}`.trim()],
    sizeRow('widget first load (`attune-widget.js`, both modes), min+gzip', 'attune-widget-first-load'),
    sizeRow('widget with every lazy chunk (in-page agent…), min+gzip', 'attune-widget-in-page-all'),
    renderRow('first render, empty chat (navigation → painted)', (r) => r.firstRender),
    renderRow(`render a ${n(o.transcript)}-message transcript`, (r) => r.transcript),
    renderRow(`render a ${n(o.load)}-message transcript`, (r) => r.load),
    renderRow(
      `append one agent message at ${n(o.load)}`,
      (r) => r.appendAgent,
      (x) => ms(x, 1),
    ),
    renderRow(
      `append one customer message at ${n(o.load)}`,
      (r) => r.appendCustomer,
      (x) => ms(x, 1),
    ),
    renderRow(`JS heap growth for ${n(o.load)} messages`, (r) => r.heapGrowth, mb),
    [
      `streaming: main-thread CPU per token (${n(o.streamTokens)} tokens into ${n(o.load)} messages)`,
      ms(sa?.cpuPerToken, 2),
      vs(sa?.cpuPerToken.median, sd?.cpuPerToken.median, ms(sd?.cpuPerToken, 2)),
      '—',
    ],
    [
      'streaming: long tasks > 50 ms (count; longest by CPU)',
      sa ? `${fixed(sa.longTasks.median, 0)}; ${ms(sa.longestTaskCpuMs)}` : 'n/a',
      sd ? `${fixed(sd.longTasks.median, 0)}; ${ms(sd.longestTaskCpuMs)}` : 'n/a',
      '—',
    ],
  ];
  const load = `load average ${results.machine.loadAtStart.join(' / ')} at start`;
  return `Measured side by side in one run (headless Chromium ${results.chromium} on a ${String(results.machine.cores)}-core machine, median of ${String(o.repetitions)} fresh pages, ${load}${results.machine.loadAtStart[0]! > results.machine.cores * 0.5 ? ': **busy machine, provisional figures**' : ''}; ratios are Attune / peer; [full figures, method and profiles](docs/benchmarks.md)):

${formatMarkdown(rows)}`;
}
