/**
 * Render speed in headless Chromium (playwright-core). Every subject runs on its own page
 * (bundled by `page-server.ts`), a fresh page for every measurement of every repetition,
 * with the same generated transcript. The timing itself happens inside the page (see
 * `pages/harness.ts`); the driver adds what only the DevTools protocol can do: a forced
 * garbage collection before reading the heap, and main-thread task time per append.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundlePage, servePages, type PageServer } from './page-server.js';
import { spread, type Spread } from './stats.js';
import { transcript as makeTranscript } from './transcript.js';

export const renderSubjects = ['attune', 'deep-chat', 'nlux'] as const;
export type RenderSubject = (typeof renderSubjects)[number];

export interface RenderOptions {
  /** Messages in the transcript rendered at once (200). */
  transcript: number;
  /** Messages loaded before the appends, the long-task and the heap figures (1,000). */
  load: number;
  /** Appends measured per repetition (50). */
  appends: number;
  /** Fresh pages per figure and subject (5). */
  repetitions: number;
  subjects?: readonly RenderSubject[];
  log?: (line: string) => void;
}

export interface RenderResult {
  subject: RenderSubject;
  /** Navigation start → empty widget painted (includes loading and running the bundle). */
  firstRender: Spread;
  /** Main-thread CPU (thread time) from navigation to that paint, ms. */
  firstRenderCpu: Spread;
  /** Creating the empty widget → painted (bundle already loaded). */
  firstMount: Spread;
  /** Mount with `transcript` messages → all painted. */
  transcript: Spread;
  /** Main-thread CPU (thread time) of that render, ms. */
  transcriptCpu: Spread;
  /** Mount with `load` messages → all painted. */
  load: Spread;
  longTasks: Spread;
  longTaskMs: Spread;
  /** `usedJSHeapSize` after `load` messages and a forced GC, bytes. */
  heap: Spread;
  /** Heap after `load` messages minus heap with the empty widget mounted (both after a forced GC), bytes. */
  heapGrowth: Spread;
  /** One append at `load` messages → painted; pooled over all appends of all repetitions. */
  append: Spread;
  /** Main-thread CPU (thread time of its tasks, from a trace) per append, including the frames that follow it, ms. */
  appendCpu: Spread;
  /** The append figure split by who sent the appended message. */
  appendAgent: Spread;
  appendCustomer: Spread;
  error?: string;
}

export const chromeArgs = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Unrounded performance.memory figures.
  '--enable-precise-memory-info',
  // Peers fetch web fonts from the internet by default: every non-local host fails at once,
  // for every subject, so no figure depends on the network.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: chromeArgs });
}

export async function openPage(browser: Browser, server: PageServer, subject: string, query = '', beforeLoad?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await beforeLoad?.(page);
  await page.goto(server.url(subject, query));
  await page
    .waitForFunction(() => 'attuneBench' in window, undefined, { timeout: 30_000 })
    .catch(() => {
      throw new Error(`${subject}: the page did not start${errors.length ? `: ${errors.join('; ')}` : ''}`);
    });
  return page;
}

const startTrace = (browser: Browser, page: Page): Promise<void> =>
  browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Runs `work` under a Chrome trace and returns it with the renderer main thread's CPU
 * time (thread time of its top-level tasks, ms): unlike wall time, it barely moves when
 * other processes compete for the cores.
 */
export async function withMainThreadCpu<T>(
  browser: Browser,
  page: Page,
  work: () => Promise<T>,
  started = false,
): Promise<{ value: T; cpuMs: number; longestTaskCpuMs: number }> {
  if (!started) await startTrace(browser, page);
  const value = await work().catch(async (error: unknown) => {
    await browser.stopTracing();
    throw error;
  });
  const trace = await browser.stopTracing();
  const { traceEvents } = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] };
  const mains = traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let micros = 0;
  let longest = 0;
  for (const e of traceEvents) {
    if (e.ph === 'X' && e.name === 'RunTask' && e.tdur !== undefined && mains.some((m) => m.pid === e.pid && m.tid === e.tid)) {
      micros += e.tdur;
      longest = Math.max(longest, e.tdur);
    }
  }
  return { value, cpuMs: micros / 1000, longestTaskCpuMs: longest / 1000 };
}

/** Runs every figure for one subject. */
async function measureSubject(browser: Browser, server: PageServer, subject: RenderSubject, options: RenderOptions): Promise<RenderResult> {
  const first: number[] = [];
  const firstCpu: number[] = [];
  const mount: number[] = [];
  const transcript: number[] = [];
  const transcriptCpu: number[] = [];
  const load: number[] = [];
  const longTasks: number[] = [];
  const longTaskMs: number[] = [];
  const heap: number[] = [];
  const heapGrowth: number[] = [];
  const appends: number[] = [];
  const appendAgent: number[] = [];
  const appendCustomer: number[] = [];
  // Who sends each appended message (the page appends this same deterministic series).
  const senders = makeTranscript(options.appends, { offset: options.load, seed: 1234 }).map((m) => m.from);
  const appendCpu: number[] = [];

  for (let rep = 0; rep < options.repetitions; rep++) {
    // Traced from before the navigation: the CPU figure covers loading, compiling and running the bundle.
    let page = await openPage(browser, server, subject, 'empty', (p) => startTrace(browser, p));
    const loaded = page;
    const { value: firstRender, cpuMs: firstCpuMs } = await withMainThreadCpu(
      browser,
      page,
      () => loaded.evaluate(() => window.attuneBench.firstRender!),
      true,
    );
    first.push(firstRender.sinceNavigation);
    firstCpu.push(firstCpuMs);
    mount.push(firstRender.mount);
    await page.close();

    page = await openPage(browser, server, subject);
    const rendered = await withMainThreadCpu(browser, page, () => page.evaluate((n) => window.attuneBench.renderTranscript(n), options.transcript));
    transcript.push(rendered.value);
    transcriptCpu.push(rendered.cpuMs);
    await page.close();

    page = await openPage(browser, server, subject);
    const session = await page.context().newCDPSession(page);
    await session.send('HeapProfiler.enable');
    const usedHeap = async (): Promise<number> => {
      await session.send('HeapProfiler.collectGarbage');
      await session.send('HeapProfiler.collectGarbage');
      return page.evaluate(() => (performance as Performance & { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
    };
    // The same widget empty first: the growth figure is what the messages cost, not the widget.
    await page.evaluate(() => window.attuneBench.load(0));
    const emptyHeap = await usedHeap();
    const figures = await page.evaluate((n) => window.attuneBench.load(n), options.load);
    load.push(figures.ms);
    longTasks.push(figures.longTasks);
    longTaskMs.push(figures.longTaskMs);
    const loadedHeap = await usedHeap();
    heap.push(loadedHeap);
    heapGrowth.push(loadedHeap - emptyHeap);
    const appended = await withMainThreadCpu(browser, page, () =>
      page.evaluate(([n, from]) => window.attuneBench.appendSeries(n, from), [options.appends, options.load] as const),
    );
    const times = appended.value;
    appends.push(...times);
    times.forEach((ms, i) => (senders[i] === 'agent' ? appendAgent : appendCustomer).push(ms));
    appendCpu.push(appended.cpuMs / options.appends);
    await session.detach();
    await page.close();
    options.log?.(
      `  ${subject} #${rep + 1}: first ${firstRender.sinceNavigation.toFixed(0)} ms, ${options.transcript} msgs ${transcript.at(-1)!.toFixed(0)} ms, ${options.load} msgs ${figures.ms.toFixed(0)} ms, append ${spread(times).median.toFixed(1)} ms`,
    );
  }
  return {
    subject,
    firstRender: spread(first),
    firstRenderCpu: spread(firstCpu),
    firstMount: spread(mount),
    transcript: spread(transcript),
    transcriptCpu: spread(transcriptCpu),
    load: spread(load),
    longTasks: spread(longTasks),
    longTaskMs: spread(longTaskMs),
    heap: spread(heap),
    heapGrowth: spread(heapGrowth),
    append: spread(appends),
    appendCpu: spread(appendCpu),
    appendAgent: spread(appendAgent),
    appendCustomer: spread(appendCustomer),
  };
}

const empty = (): Spread => spread([]);

export async function runRender(options: RenderOptions): Promise<{ chromium: string; results: RenderResult[] }> {
  const subjects = options.subjects ?? renderSubjects;
  const bundles = Object.fromEntries(await Promise.all(subjects.map(async (s) => [s, await bundlePage(s)] as const)));
  const server = await servePages(bundles);
  const browser = await launchChromium();
  try {
    const results: RenderResult[] = [];
    for (const subject of subjects) {
      try {
        results.push(await measureSubject(browser, server, subject, options));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.log?.(`  ${subject}: failed: ${message}`);
        results.push({
          subject,
          firstRender: empty(),
          firstRenderCpu: empty(),
          firstMount: empty(),
          transcript: empty(),
          transcriptCpu: empty(),
          load: empty(),
          longTasks: empty(),
          longTaskMs: empty(),
          heap: empty(),
          heapGrowth: empty(),
          append: empty(),
          appendCpu: empty(),
          appendAgent: empty(),
          appendCustomer: empty(),
          error: message,
        });
      }
    }
    return { chromium: browser.version(), results };
  } finally {
    await browser.close();
    await server.close();
  }
}
