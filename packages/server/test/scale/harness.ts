import { createPostgresStore } from '../../src/store/postgres.js';
import { dropSchema, DATABASE_URL, uniqueSchema } from '../pg.js';
import { startBalancer } from './balancer.js';
import { clusterSettings, killAllProcesses, startProcess } from './cluster.js';
import type { Cluster } from './schedule.js';

/** N server processes on a fresh schema of the test database, behind a loopback balancer. */
export async function startCluster(processes = 2, env: Record<string, string> = {}): Promise<Cluster & { close(): Promise<void> }> {
  const schema = uniqueSchema();
  const settings = clusterSettings(DATABASE_URL, schema);
  Object.assign(settings.env, env);
  // Migrated once here, so the processes start on a ready schema (they would migrate under the lock too).
  const store = await createPostgresStore({ connectionString: DATABASE_URL, schema, max: 4 });
  const started = await Promise.all(Array.from({ length: processes }, () => startProcess(settings)));
  const balancer = await startBalancer(started.map((p) => p.url));
  const cluster: Cluster = { settings, balancer, processes: started, restarting: new Set(), store };
  return {
    ...cluster,
    async close() {
      await Promise.allSettled(cluster.restarting);
      await balancer.close();
      await Promise.all(cluster.processes.map((p) => p.stop()));
      killAllProcesses();
      await store.close();
      await dropSchema(schema);
    },
  };
}
