// Two server processes on one PostgreSQL, clients spread over them by a loopback
// balancer, one process SIGKILLed and restarted in every seed: nothing lost, nothing
// duplicated, every stream converges to the stored log. `npm run soak -- --processes 2`
// runs 1,000 seeds.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { postgresUnavailable } from '../pg.js';
import { startCluster } from './harness.js';
import { runScaleSchedule, type ScaleResult } from './schedule.js';

const skip = await postgresUnavailable();
if (skip) console.log(`# ${skip}`);
const SEEDS = [1, 2, 3, 4, 5, 6];

test('2 processes, SIGKILL mid-run: 0 lost, 0 duplicated, every client converges', { skip: skip ?? false, timeout: 240_000 }, async () => {
  const cluster = await startCluster(2);
  after(() => cluster.close());
  const results: ScaleResult[] = [];
  for (const seed of SEEDS) {
    const result = await runScaleSchedule(cluster, seed);
    results.push(result);
    assert.deepEqual(result.violations, [], `seed ${seed}; replay with: npm run soak -- --processes 2 --seed ${seed}`);
  }
  const sum = (pick: (r: ScaleResult) => number): number => results.reduce((n, r) => n + pick(r), 0);
  assert.ok(sum((r) => r.kills) >= SEEDS.length, 'a SIGKILL in every seed');
  assert.ok(sum((r) => r.customerMessages) > 0 && sum((r) => r.agentMessages) > 0 && sum((r) => r.drops) > 0);
  const [a = 0, b = 0] = cluster.balancer.counts;
  assert.ok(a > 0 && b > 0, `connections spread over both processes: ${a} / ${b}`);
  console.log(
    `# 2-process soak: ${SEEDS.length} seeds, ${sum((r) => r.customerMessages)} customer + ${sum((r) => r.agentMessages)} agent messages, ${sum((r) => r.kills)} SIGKILLs, ${sum((r) => r.drops)} drops, connections ${a}/${b}`,
  );
});
