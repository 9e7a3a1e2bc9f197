#!/usr/bin/env node
// The two commands of the README, for a fresh clone with nothing but Node ≥ 20:
//   npm start  → install, build, serve the demo site and start the reference server (prints both URLs)
//   npm test   → install, then lint, typecheck, build, size check, Node tests, browser tests, e2e
// pnpm is fetched by version (npx) so no global install or corepack is needed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const PNPM = 'pnpm@9.15.9';

function run(label, command, args, options = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: options.capture ? ['inherit', 'pipe', 'pipe'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...options.env } });
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
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'].filter(Boolean);
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
  const steps = [
    ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
    ['typecheck', bin('tsc'), ['-p', 'tsconfig.json']],
    ['typecheck (e2e)', bin('tsc'), ['-p', 'e2e/tsconfig.json']],
    ['build', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']],
    buildServer,
    ['size check', process.execPath, ['scripts/size.mjs']],
    ['Node tests', process.execPath, ['scripts/test-node.mjs'], { capture: true, counts: true }],
    ['browser tests (React 19)', bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], { capture: true, counts: true, env }],
    ['browser tests (React 18)', bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], { capture: true, counts: true, env: { ...env, ATTUNE_REACT: '18' } }],
  ];
  if (existsSync(path.join(root, 'e2e'))) steps.push(buildExamples, ['end-to-end tests', process.execPath, ['scripts/test-node.mjs', '--e2e'], { capture: true, counts: true, env }]);
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

/**
 * Builds, then serves the demo site (PORT, default 8080) and starts the reference server
 * (SERVER_PORT, default 8787; conversations kept in .attune-data/), both on HOST.
 */
function start() {
  install();
  if (!run('build', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']).ok) process.exit(1);
  if (!run(...buildServer).ok) process.exit(1);
  if (!run(...buildExamples).ok) process.exit(1);
  const host = process.env.HOST ?? '127.0.0.1';
  const serverPort = process.env.SERVER_PORT ?? '8787';
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const serverUrl = `http://${shown}:${serverPort}`;
  const children = [
    spawn(process.execPath, ['examples/server/main.mjs'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, PORT: serverPort, HOST: host, DATA_DIR: '.attune-data', DEMO_ORIGINS: `http://${shown}:${process.env.PORT ?? '8080'},http://127.0.0.1:${process.env.PORT ?? '8080'},http://localhost:${process.env.PORT ?? '8080'}` },
    }),
    spawn(process.execPath, ['scripts/serve.mjs'], { cwd: root, stdio: 'inherit', env: { ...process.env, HOST: host, ATTUNE_SERVER_URL: serverUrl } }),
  ];
  const stop = () => children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // One stops (crash, port in use…): stop the other too, and report the first exit code.
  let code;
  for (const child of children) {
    child.on('exit', (exitCode) => {
      code ??= exitCode ?? 0;
      stop();
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(code);
    });
  }
}

const task = process.argv[2];
if (task === 'test') test();
else if (task === 'start') start();
else {
  console.error('usage: node scripts/run.mjs <start|test>');
  process.exit(2);
}
