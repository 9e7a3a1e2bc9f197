// The long fault-injection run, kept out of CI: `node scripts/soak.mjs [--seeds 1000]
// [--seed N] [--from 1] [--concurrency 4] [--transport sse|websocket]`. Each seed runs over
// both transports; a failing seed prints its violations and replays with `--seed N`.
import { runSchedule, type ScheduleResult, type TransportKind } from './schedule.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const single = flag('--seed');
const from = Number(flag('--from') ?? 1);
const count = single === undefined ? Number(flag('--seeds') ?? 1000) : 1;
const concurrency = Math.max(1, Number(flag('--concurrency') ?? 4));
const kinds: TransportKind[] = flag('--transport') ? [flag('--transport') as TransportKind] : ['sse', 'websocket'];
const seeds = single === undefined ? Array.from({ length: count }, (_, i) => from + i) : [Number(single)];
if (seeds.some((s) => !Number.isInteger(s)) || !kinds.every((k) => k === 'sse' || k === 'websocket')) {
  console.error('usage: node scripts/soak.mjs [--seeds N] [--from N] [--seed N] [--concurrency N] [--transport sse|websocket]');
  process.exit(2);
}

const jobs = seeds.flatMap((seed) => kinds.map((transport) => ({ seed, transport })));
const started = Date.now();
const totals = {
  runs: 0,
  customerMessages: 0,
  agentMessages: 0,
  streamedReplies: 0,
  restarts: 0,
  reloads: 0,
  offlineBlips: 0,
  drops: 0,
  events: 0,
  duplicated: 0,
  reordered: 0,
  delayed: 0,
  cutMidEvent: 0,
  postsCut: 0,
  violations: 0,
  failedRuns: 0,
};
const failing: ScheduleResult[] = [];
let next = 0;

const worker = async (): Promise<void> => {
  while (next < jobs.length) {
    const job = jobs[next++]!;
    const r = await runSchedule(job);
    totals.runs++;
    totals.customerMessages += r.customerMessages;
    totals.agentMessages += r.agentMessages;
    totals.streamedReplies += r.streamedReplies;
    totals.restarts += r.restarts;
    totals.reloads += r.reloads;
    totals.offlineBlips += r.offlineBlips;
    totals.drops += r.faults.drops;
    totals.events += r.faults.events;
    totals.duplicated += r.faults.duplicated;
    totals.reordered += r.faults.reordered;
    totals.delayed += r.faults.delayed;
    totals.cutMidEvent += r.faults.cutMidEvent;
    totals.postsCut += r.faults.postsCutBefore + r.faults.postsCutAfter;
    totals.violations += r.violations.length;
    if (r.violations.length) {
      totals.failedRuns++;
      failing.push(r);
      console.log(
        `✖ seed ${r.seed} (${r.transport}): ${r.violations.length} violation(s) — replay with: node scripts/soak.mjs --seed ${r.seed} --transport ${r.transport}`,
      );
      for (const v of r.violations.slice(0, 10)) console.log(`    ${v}`);
    } else if (single !== undefined) {
      console.log(
        `✔ seed ${r.seed} (${r.transport}) in ${r.ms} ms: ${r.customerMessages} customer + ${r.agentMessages} agent messages, ${JSON.stringify(r.faults)}`,
      );
    }
    if (totals.runs % 100 === 0)
      console.log(`… ${totals.runs}/${jobs.length} runs, ${totals.violations} violations (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
};

await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\nsoak: seeds ${seeds[0]}–${seeds.at(-1)} × ${kinds.join(' + ')} in ${seconds} s`);
console.log(`runs: ${totals.runs}`);
console.log(
  `messages: ${totals.customerMessages + totals.agentMessages} (${totals.customerMessages} customer, ${totals.agentMessages} agent); ${totals.streamedReplies} streamed replies (each stored whole, shown growing by prefixes, ending exactly as stored)`,
);
console.log(
  `server events through the proxy: ${totals.events} (${totals.delayed} delayed, ${totals.duplicated} duplicated, ${totals.reordered} reordered, ${totals.cutMidEvent} cut mid-event)`,
);
console.log(
  `faults: ${totals.drops} connection drops, ${totals.restarts} server restarts, ${totals.reloads} reloads mid-send, ${totals.offlineBlips} offline spells, ${totals.postsCut} POSTs cut`,
);
console.log(
  `violations: ${totals.violations}${totals.failedRuns ? ` in ${totals.failedRuns} run(s): seeds ${failing.map((r) => `${r.seed}/${r.transport}`).join(', ')}` : ''}`,
);
process.exit(totals.violations ? 1 : 0);
