/**
 * Streaming in headless Chromium: a `tokens`-token markdown reply (see `reply.ts`) streams at
 * `perSecond` tokens/s into a transcript of `load` messages, each subject through its own
 * streaming API (Attune: protocol v1.1 deltas; deep-chat: its `stream` handler signals).
 * A fresh page per repetition; the stream runs under a Chrome trace, and the figure is the
 * renderer main thread's CPU (thread time of its tasks) from the first token until the
 * final text is painted and the page is quiet, divided by the tokens. Long tasks come from
 * the page's own `longtask` observer over the same span (wall time, so they grow with the
 * machine's load), and the longest task by thread time from the trace (which barely does).
 */
import type { Browser } from 'playwright-core';
import { bundlePage, servePages, type PageServer } from './page-server.js';
import { launchChromium, openPage, withMainThreadCpu } from './render.js';
import { replyTokens } from './reply.js';
import { spread, type Spread } from './stats.js';

export const streamingSubjects = ['attune', 'deep-chat'] as const;
export type StreamingSubject = (typeof streamingSubjects)[number];

export interface StreamingOptions {
  /** Tokens in the reply (2,000). */
  tokens: number;
  /** Tokens per second (100). */
  perSecond: number;
  /** Messages in the transcript before the reply (1,000). */
  load: number;
  /** Fresh pages per subject (5). */
  repetitions: number;
  subjects?: readonly StreamingSubject[];
  log?: (line: string) => void;
}

export interface StreamingResult {
  subject: StreamingSubject;
  /** Main-thread CPU per token, ms. */
  cpuPerToken: Spread;
  /** Main-thread CPU of the whole stream, ms. */
  cpu: Spread;
  /** First token → final text painted, ms (the schedule alone takes tokens / perSecond). */
  wall: Spread;
  longTasks: Spread;
  longestTaskMs: Spread;
  /** The longest main-thread task by CPU (thread time, from the trace), ms: what a long task would be on an idle machine. */
  longestTaskCpuMs: Spread;
  error?: string;
}

async function measureSubject(browser: Browser, server: PageServer, subject: StreamingSubject, options: StreamingOptions): Promise<StreamingResult> {
  const tokens = replyTokens(options.tokens);
  const cpuPerToken: number[] = [];
  const cpu: number[] = [];
  const wall: number[] = [];
  const longTasks: number[] = [];
  const longest: number[] = [];
  const longestCpu: number[] = [];
  for (let rep = 0; rep < options.repetitions; rep++) {
    const page = await openPage(browser, server, subject, 'stream');
    try {
      await page.evaluate((n) => window.attuneBench.prepareStream(n), options.load);
      const { value, cpuMs, longestTaskCpuMs } = await withMainThreadCpu(browser, page, () =>
        page.evaluate(([t, rate]) => window.attuneBench.streamReply(t, rate), [tokens, options.perSecond] as const),
      );
      cpu.push(cpuMs);
      cpuPerToken.push(cpuMs / value.tokens);
      wall.push(value.ms);
      longTasks.push(value.longTasks);
      longest.push(value.longestTaskMs);
      longestCpu.push(longestTaskCpuMs);
      options.log?.(
        `  ${subject} stream #${rep + 1}: ${(cpuMs / value.tokens).toFixed(3)} ms CPU/token, ${value.ms.toFixed(0)} ms, ${value.longTasks} long tasks (longest ${value.longestTaskMs.toFixed(0)} ms; longest task CPU ${longestTaskCpuMs.toFixed(0)} ms)`,
      );
    } finally {
      await page.close();
    }
  }
  return {
    subject,
    cpuPerToken: spread(cpuPerToken),
    cpu: spread(cpu),
    wall: spread(wall),
    longTasks: spread(longTasks),
    longestTaskMs: spread(longest),
    longestTaskCpuMs: spread(longestCpu),
  };
}

export async function runStreaming(options: StreamingOptions): Promise<{ chromium: string; results: StreamingResult[] }> {
  const subjects = options.subjects ?? streamingSubjects;
  const bundles = Object.fromEntries(await Promise.all(subjects.map(async (s) => [s, await bundlePage(s)] as const)));
  const server = await servePages(bundles);
  const browser = await launchChromium();
  try {
    const results: StreamingResult[] = [];
    for (const subject of subjects) {
      try {
        results.push(await measureSubject(browser, server, subject, options));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.log?.(`  ${subject} stream: failed: ${message}`);
        const empty = spread([]);
        results.push({ subject, cpuPerToken: empty, cpu: empty, wall: empty, longTasks: empty, longestTaskMs: empty, longestTaskCpuMs: empty, error: message });
      }
    }
    return { chromium: browser.version(), results };
  } finally {
    await browser.close();
    await server.close();
  }
}
