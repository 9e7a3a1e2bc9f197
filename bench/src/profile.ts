/**
 * CPU profile of one render figure for one subject, to see where the time goes:
 *
 *   node --conditions=@attune/source --import tsx bench/src/profile.ts <attune|deep-chat|nlux> <first|transcript|append|stream> [messages] [tokens] [--trace file.json]
 *
 * Bundles the page unminified (function names survive), runs the scenario under the CDP
 * sampling profiler (100 µs interval) and prints self time by function and by source
 * file, plus the main-thread split (script / style / layout) from `Performance.getMetrics`.
 * `--trace` also saves a Chrome trace (open it in DevTools → Performance).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CDPSession } from 'playwright-core';
import { bundlePage, servePages } from './page-server.js';
import { launchChromium } from './render.js';
import { replyTokens } from './reply.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { trace: { type: 'string' } } });
const [subject = 'attune', scenario = 'append', count = scenario === 'transcript' ? '200' : '1000'] = positionals;
const messages = Number(count);
const tokens = Number(positionals[3] ?? 2000);

const metrics = async (session: CDPSession): Promise<Record<string, number>> => {
  const { metrics: list } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
};

const server = await servePages({ [subject]: await bundlePage(subject, { minify: false }) });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.goto(server.url(subject, scenario === 'stream' ? 'stream' : ''));
  await page.waitForFunction(() => 'attuneBench' in window);
  const session = await page.context().newCDPSession(page);
  if (scenario === 'append') await page.evaluate((n) => window.attuneBench.load(n), messages);
  if (scenario === 'stream') await page.evaluate((n) => window.attuneBench.prepareStream(n), messages);
  await session.send('Performance.enable');
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  if (values.trace) await browser.startTracing(page, { path: values.trace, screenshots: false });
  const before = await metrics(session);
  await session.send('Profiler.start');
  const times: number[] =
    scenario === 'stream'
      ? [(await page.evaluate((t) => window.attuneBench.streamReply(t, 100), replyTokens(tokens))).ms]
      : scenario === 'append'
        ? await page.evaluate((n) => window.attuneBench.appendSeries(20, n), messages)
        : scenario === 'transcript'
          ? [await page.evaluate((n) => window.attuneBench.renderTranscript(n), messages)]
          : [await page.evaluate(() => window.attuneBench.renderTranscript(0))];
  const { profile } = (await session.send('Profiler.stop')) as { profile: Profile };
  const after = await metrics(session);
  if (values.trace) writeFileSync(values.trace, await browser.stopTracing());

  const dt = new Map<number, number>();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = dt.get(node.id) ?? 0;
    if (!ms) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? url.replace(/^.*\//, '') : `(${functionName || 'native'})`;
    const key = `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number): string =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${v.toFixed(1).padStart(9)} ms  ${k}`)
      .join('\n');
  const d = (name: string): string => `${((after[name]! - before[name]!) * 1000).toFixed(1)} ms`;
  console.log(
    `${subject} / ${scenario} (${messages} messages): ${times.length} run(s), median ${[...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!.toFixed(1)} ms`,
  );
  console.log(`main thread: tasks ${d('TaskDuration')}, script ${d('ScriptDuration')}, style ${d('RecalcStyleDuration')}, layout ${d('LayoutDuration')}`);
  console.log(`\nself time by function (top 25):\n${top(byFunction, 25)}`);
  console.log(`\nself time by file:\n${top(byFile, 10)}`);
} finally {
  await browser.close();
  await server.close();
}
