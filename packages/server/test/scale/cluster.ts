import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/**
 * Real server processes (`src/main.ts`, as `npm start` runs it, through tsx so no build is
 * needed) on one PostgreSQL: each on 127.0.0.1 and a free port, sharing the secret and
 * an agent API key, so a client may be served by any of them.
 */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** SIGKILL: no cleanup, no goodbye, like a lost machine. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

export interface ClusterSettings {
  databaseUrl: string;
  schema: string;
  secret: string;
  apiKey: string;
  env: Record<string, string>;
}

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** Every process started here, so none outlives the test (its pipes would keep the runner waiting). */
const children = new Set<ChildProcess>();
export function killAllProcesses(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export function clusterSettings(databaseUrl: string, schema: string): ClusterSettings {
  const secret = randomBytes(32).toString('base64url');
  const apiKey = randomBytes(24).toString('base64url');
  return {
    databaseUrl,
    schema,
    secret,
    apiKey,
    env: {
      DATABASE_URL: databaseUrl,
      ATTUNE_PG_SCHEMA: schema,
      ATTUNE_PG_POOL: '8',
      ATTUNE_SECRET: secret,
      ATTUNE_AGENTS: JSON.stringify([{ login: 'soak', name: 'Soak Agent', apiKeySha256: createHash('sha256').update(apiKey).digest('hex') }]),
      // Every test client comes from 127.0.0.1: the per-IP request limit would throttle the run, not protect anything.
      ATTUNE_REQUESTS_PER_MINUTE: '1000000',
      HOST: '127.0.0.1',
      PORT: '0',
    },
  };
}

export function startProcess(settings: ClusterSettings): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--conditions=@attune/source', '--import', 'tsx', main], {
      // Without NODE_TEST_CONTEXT: under `node --test` a child node would think it is a test file.
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT')), ...settings.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    let out = '';
    let err = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server process did not start in 30 s: ${err || out}`));
    }, 30_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err = (err + chunk).slice(-4000);
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const url = match[1];
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve({
        url,
        pid: child.pid ?? 0,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server process exited before listening (${String(code ?? signal)}): ${err || out}`));
    });
  });
}
