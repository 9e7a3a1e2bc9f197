// A PostgreSQL for the store and scale-out tests, found or started:
//   1. ATTUNE_TEST_DATABASE_URL, when set, is used as it is (any reachable server);
//   2. else a local Debian cluster (pg_lsclusters): started with pg_ctlcluster if it is down
//      and, as root, given a `root` role and an `attune_test` database (Unix-socket peer auth).
// Returns { url } or { skip: why }; the tests create and drop their own schemas in it.
// `node scripts/postgres.mjs` prints `ATTUNE_TEST_DATABASE_URL=…` (or the reason, exit 1).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';

const sh = (command, args) => spawnSync(command, args, { encoding: 'utf8' });
const asPostgres = (sql) => sh('su', ['postgres', '-c', `psql -XtAq -c ${JSON.stringify(sql)}`]);

export function ensurePostgres() {
  if (process.env.ATTUNE_TEST_DATABASE_URL) return { url: process.env.ATTUNE_TEST_DATABASE_URL };
  if (!existsSync('/usr/bin/pg_lsclusters'))
    return { skip: 'PostgreSQL is not installed (Debian: apt-get install -y postgresql), and ATTUNE_TEST_DATABASE_URL is not set' };
  // "15  main    5432 down   postgres /var/lib/postgresql/15/main /var/log/…"
  const clusters = sh('pg_lsclusters', ['--no-header'])
    .stdout.split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .sort((a, b) => Number(b[0]) - Number(a[0]));
  const cluster = clusters[0];
  if (!cluster) return { skip: 'no PostgreSQL cluster (pg_lsclusters lists none)' };
  const [version, name, port, status] = cluster;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (status !== 'online') {
    if (!root) return { skip: `PostgreSQL ${version}/${name} is ${status} and only root can start it (pg_ctlcluster ${version} ${name} start)` };
    const started = sh('pg_ctlcluster', [version, name, 'start']);
    if (started.status !== 0) return { skip: `pg_ctlcluster ${version} ${name} start failed: ${(started.stderr || started.stdout).trim()}` };
  }
  const user = userInfo().username;
  if (root) {
    // Peer auth over the socket: the OS user `root` connects as the role `root`.
    if (asPostgres(`SELECT 1 FROM pg_roles WHERE rolname = 'root'`).stdout.trim() !== '1') asPostgres('CREATE ROLE root SUPERUSER LOGIN');
    if (asPostgres(`SELECT 1 FROM pg_database WHERE datname = 'attune_test'`).stdout.trim() !== '1')
      sh('su', ['postgres', '-c', 'createdb -O root attune_test']);
    return { url: `postgres://root@/attune_test?host=/var/run/postgresql&port=${port}` };
  }
  return { url: `postgres://${encodeURIComponent(user)}@/postgres?host=/var/run/postgresql&port=${port}` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = ensurePostgres();
  if (result.url) console.log(`ATTUNE_TEST_DATABASE_URL=${result.url}`);
  else {
    console.error(result.skip);
    process.exit(1);
  }
}
