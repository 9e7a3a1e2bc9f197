#!/usr/bin/env node
// The two commands of the README, for a fresh clone with nothing but Node ≥ 20:
//   npm start  → install, build, serve the demo site and start the reference server (prints both URLs)
//   npm test   → install, then lint, format check, typecheck, knip, manifest check, build, size check, package checks,
//                Node tests (PostgreSQL ones against a local cluster it starts, or ATTUNE_TEST_DATABASE_URL),
//                browser tests, e2e, the consumer test
// pnpm is fetched by version (npx) so no global install or corepack is needed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgres } from './postgres.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const PNPM = 'pnpm@9.15.9';

function run(label, command, args, options = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: options.capture ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
  });
  if (options.capture) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✖'} ${label} (${seconds} s)`);
  return { ok, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function install() {
  const args = ['--yes', PNPM, 'install', '--frozen-lockfile'];
  if (!run('install dependencies (pnpm, frozen lockfile)', 'npx', args).ok) process.exit(1);
}

/** A Chromium for the browser tests: CHROME_PATH, a system browser, or (as root on Debian) apt. */
function ensureChromium() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    run('install Chromium (apt-get)', 'sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error('No Chromium found. Install Chromium or Chrome, or set CHROME_PATH to its executable.');
  process.exit(1);
}

/** Adds up the test counts that the runners print. */
function count(output) {
  const node = [...output.matchAll(/^# (pass|fail) (\d+)$/gm)];
  const wtr = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  let passed = 0;
  let failed = 0;
  for (const [, kind, n] of node) {
    if (kind === 'pass') passed += Number(n);
    else failed += Number(n);
  }
  if (wtr) {
    passed += Number(wtr[1]);
    failed += Number(wtr[2]);
  }
  return { passed, failed };
}

function test() {
  install();
  const chrome = ensureChromium();
  const env = { CHROME_PATH: chrome };
  // The PostgreSQL store and scale-out tests run in the Node tests; without a reachable
  // PostgreSQL they skip, and this line says why.
  const postgres = ensurePostgres();
  if (postgres.url) {
    process.env.ATTUNE_TEST_DATABASE_URL = postgres.url;
    console.log(`\n▶ PostgreSQL for the tests: ${postgres.url.replace(/:[^:@/]*@/, ':***@')}`);
  } else console.log(`\n⚠ PostgreSQL tests will be skipped: ${postgres.skip}`);
  const steps = [
    ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
    ['format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
    ['typecheck', bin('tsc'), ['-p', 'tsconfig.json']],
    ['typecheck (e2e)', bin('tsc'), ['-p', 'e2e/tsconfig.json']],
    ['knip (unused files, exports, dependencies)', bin('knip'), ['--no-progress']],
    ['custom-elements.json is current', process.execPath, ['packages/widget/scripts/manifest.mjs', '--check']],
    ['build', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']],
    buildServer,
    ['size check', process.execPath, ['scripts/size.mjs']],
    ['package checks (publint, attw, exports, files)', process.execPath, ['scripts/check-packages.mjs'], { capture: true, counts: true }],
    ['Node tests', process.execPath, ['scripts/test-node.mjs'], { capture: true, counts: true }],
    ['browser tests (React 19)', bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], { capture: true, counts: true, env }],
    [
      'browser tests (React 18)',
      bin('web-test-runner'),
      ['--config', 'web-test-runner.config.mjs'],
      { capture: true, counts: true, env: { ...env, ATTUNE_REACT: '18' } },
    ],
  ];
  if (existsSync(path.join(root, 'e2e')))
    steps.push(buildExamples, ['end-to-end tests', process.execPath, ['scripts/test-node.mjs', '--e2e'], { capture: true, counts: true, env }]);
  steps.push([
    'consumer test (packed packages installed in fresh projects)',
    process.execPath,
    ['--test', 'tools/consumer-test/consumer.test.mjs'],
    { capture: true, counts: true, env },
  ]);
  const summary = [];
  let passed = 0;
  let failed = 0;
  for (const [label, command, args, options = {}] of steps) {
    const { ok, output } = run(label, command, args, options);
    if (options.counts) {
      const c = count(output);
      passed += c.passed;
      failed += c.failed;
      if (!ok && c.failed === 0) failed += 1; // a runner that crashed counts as a failure
    } else if (!ok) failed += 1;
    summary.push(`${ok ? '✔' : '✖'} ${label}`);
  }
  console.log(`\n${summary.join('\n')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && summary.every((s) => s.startsWith('✔')) ? 0 : 1);
}

/** @attune/server is built to JS with tsc (it runs without tsx). */
const buildServer = ['build the server', bin('tsc'), ['-p', 'packages/server/tsconfig.build.json']];

/** The React example is built from the packages' dist/ (after the root build). */
const buildExamples = ['build the React example', bin('rollup'), ['-c', 'examples/react/rollup.config.mjs', '--silent']];

// What `npm start` did last time, so a second start on an unchanged tree skips straight
// to serving: each step is keyed by a fingerprint (path, size, mtime) of its inputs.
const stampFile = path.join(root, 'node_modules', '.cache', 'attune-start.json');
const skipDirs = new Set(['node_modules', 'dist', '.attune-data', '.git']);

function fingerprint(entries, extra = '') {
  const lines = [];
  const visit = (rel) => {
    const abs = path.join(root, rel);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      lines.push(`${rel}:missing`);
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(abs).sort()) if (!skipDirs.has(name)) visit(path.join(rel, name));
    } else lines.push(`${rel}:${stat.size}:${stat.mtimeMs}`);
  };
  entries.forEach(visit);
  return createHash('sha256').update(extra).update(lines.join('\n')).digest('hex');
}

function readStamps() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}

function writeStamps(stamps) {
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify(stamps, null, 2));
}

const packageDirs = () => readdirSync(path.join(root, 'packages')).map((name) => path.join('packages', name));

/**
 * Runs `step` only when its inputs changed since it last succeeded (or an output is
 * missing). `npm start -- --rebuild` runs every step.
 */
function cached(stamps, name, inputs, outputs, step) {
  const key = fingerprint(inputs, name);
  const fresh = stamps[name] === key && outputs.every((o) => existsSync(path.join(root, o))) && !process.argv.includes('--rebuild');
  if (fresh) {
    console.log(`✔ ${name} (unchanged, skipped)`);
    return key;
  }
  if (!step()) process.exit(1);
  stamps[name] = key;
  writeStamps(stamps);
  return key;
}

/**
 * Builds what changed, then serves the demo site (PORT, default 8080) and starts the
 * reference server (SERVER_PORT, default 8787; conversations kept in .attune-data/), both
 * on HOST. If the reference server stops, the site stays up and says so in the terminal;
 * its pages show the server as unreachable (the widget keeps retrying).
 */
function start() {
  const stamps = readStamps();
  const manifests = [
    'package.json',
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    ...packageDirs().map((d) => path.join(d, 'package.json')),
    'examples/react/package.json',
    'examples/server/package.json',
  ];
  cached(stamps, 'install', manifests, ['node_modules/.modules.yaml'], () => (install(), true));
  const sources = [
    ...packageDirs().flatMap((d) => [path.join(d, 'src'), path.join(d, 'package.json'), path.join(d, 'tsconfig.build.json')]),
    'rollup.config.mjs',
    'tsconfig.base.json',
    'tsconfig.json',
  ];
  cached(
    stamps,
    'build',
    [...sources, 'pnpm-lock.yaml'],
    ['packages/widget/dist/attune-widget.js', 'packages/core/dist/index.js', 'packages/react-adapter/dist/index.js'],
    () => run('build', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']).ok,
  );
  cached(
    stamps,
    'build the React example',
    [
      'examples/react/app',
      'examples/react/rollup.config.mjs',
      'examples/react/tsconfig.json',
      'examples/react/package.json',
      ...['core', 'widget', 'react-adapter'].map((p) => `packages/${p}/dist`),
    ],
    ['examples/react/dist/app.js'],
    () => run(...buildExamples).ok,
  );
  cached(
    stamps,
    'build the server',
    ['packages/server/src', 'packages/server/package.json', 'packages/server/tsconfig.build.json', 'packages/core/dist'],
    ['packages/server/dist/main.js'],
    () => run(...buildServer).ok,
  );
  const host = process.env.HOST ?? '127.0.0.1';
  const serverPort = process.env.SERVER_PORT ?? '8787';
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const serverUrl = `http://${shown}:${serverPort}`;
  // The AI agent demo's server (same process as the reference server; a scripted model without OPENAI_* env).
  const aiPort = process.env.AI_SERVER_PORT ?? String(Number(serverPort) + 1);
  const aiServerUrl = `http://${shown}:${aiPort}`;
  const children = [
    spawn(process.execPath, ['examples/server/main.mjs'], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PORT: serverPort,
        AI_PORT: aiPort,
        HOST: host,
        DATA_DIR: '.attune-data',
        DEMO_ORIGINS: `http://${shown}:${process.env.PORT ?? '8080'},http://127.0.0.1:${process.env.PORT ?? '8080'},http://localhost:${process.env.PORT ?? '8080'}`,
      },
    }),
    spawn(process.execPath, ['scripts/serve.mjs'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, HOST: host, ATTUNE_SERVER_URL: serverUrl, ATTUNE_AI_SERVER_URL: aiServerUrl },
    }),
  ];
  let stopping = false;
  const stop = () => {
    stopping = true;
    children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const [server, site] = children;
  // The server stops (crash, port in use…): the site stays up and the terminal says so,
  // rather than the whole demo vanishing without a word. The site stops: stop everything.
  server.on('exit', (exitCode, signal) => {
    if (stopping) return;
    console.error(
      `\n✖ The reference server stopped (${signal ?? `exit code ${exitCode}`}). The demo site stays up: the script-tag,\n` +
        `  React and custom-flow demos keep working; the server demo and the agent console show the server as\n` +
        `  unreachable and retry. Restart with npm start (Ctrl+C stops the site).`,
    );
  });
  site.on('exit', (exitCode) => {
    if (!stopping) console.error(`\n✖ The demo site stopped (exit code ${exitCode}).`);
    stop();
    const done = () => process.exit(exitCode ?? 0);
    if (server.exitCode !== null || server.signalCode !== null) done();
    else server.on('exit', done);
  });
}

const task = process.argv[2];
if (task === 'test') test();
else if (task === 'start') start();
else {
  console.error('usage: node scripts/run.mjs <start|test>');
  process.exit(2);
}
