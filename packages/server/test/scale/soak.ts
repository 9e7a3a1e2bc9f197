// The long scale-out soak, kept out of CI: `npm run soak -- --processes 2 [--seeds 1000]
// [--from 1] [--seed N]`. N server processes on one PostgreSQL (ATTUNE_TEST_DATABASE_URL or
// the local cluster), a SIGKILL and restart in every seed; exits 1 on any violation.
import { startCluster } from './harness.js';
import { runScaleSchedule } from './schedule.js';
import { postgresUnavailable } from '../pg.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const processes = Number(flag('--processes') ?? 2);
const single = flag('--seed');
const from = Number(flag('--from') ?? 1);
const count = single === undefined ? Number(flag('--seeds') ?? 1000) : 1;
const seeds = single === undefined ? Array.from({ length: count }, (_, i) => from + i) : [Number(single)];
if (!Number.isInteger(processes) || processes < 1 || processes > 8 || seeds.some((s) => !Number.isInteger(s))) {
  console.error('usage: npm run soak -- --processes N [--seeds N] [--from N] [--seed N]');
  process.exit(2);
}
const unavailable = await postgresUnavailable();
if (unavailable) {
  console.error(unavailable);
  process.exit(1);
}

const started = Date.now();
const cluster = await startCluster(processes);
const totals = { runs: 0, customer: 0, agent: 0, kills: 0, drops: 0, violations: 0 };
const failing: number[] = [];
try {
  for (const seed of seeds) {
    const r = await runScaleSchedule(cluster, seed);
    totals.runs++;
    totals.customer += r.customerMessages;
    totals.agent += r.agentMessages;
    totals.kills += r.kills;
    totals.drops += r.drops;
    totals.violations += r.violations.length;
    if (r.violations.length) {
      failing.push(seed);
      console.log(`✖ seed ${seed}: ${r.violations.length} violation(s) — replay with: npm run soak -- --processes ${processes} --seed ${seed}`);
      for (const v of r.violations.slice(0, 10)) console.log(`    ${v}`);
    } else if (single !== undefined)
      console.log(`✔ seed ${seed} in ${r.ms} ms: ${r.customerMessages} customer + ${r.agentMessages} agent messages, ${r.kills} SIGKILL, ${r.drops} drops`);
    if (totals.runs % 50 === 0)
      console.log(`… ${totals.runs}/${seeds.length} seeds, ${totals.violations} violations (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
} finally {
  await cluster.close();
}
console.log(`\nscale soak: ${processes} processes on one PostgreSQL, seeds ${seeds[0]}–${seeds.at(-1)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `messages: ${totals.customer + totals.agent} (${totals.customer} customer, ${totals.agent} agent); ${totals.kills} SIGKILLs and restarts; ${totals.drops} connection drops`,
);
console.log(`connections per process: ${cluster.balancer.counts.join(' / ')}`);
console.log(`violations: ${totals.violations}${failing.length ? ` in seeds ${failing.join(', ')}` : ''}`);
process.exit(totals.violations ? 1 : 0);
