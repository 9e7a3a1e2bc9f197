// The consumer test: what `npm install @attune/*` gives a project that is not ours.
// Packs the public packages (`pnpm pack`, after the build), installs the tarballs with npm
// into fresh projects in a temp folder outside the workspace, next to the registry's real
// React, Vite and TypeScript, and checks:
//   1. a Vite + React 19 + TypeScript app (useChat and AttuneChat): `tsc --noEmit` (strict,
//      moduleResolution bundler), `vite build`, then a conversation in Chromium;
//   2. a plain HTML page with the script tag of the README (CDN URL and SRI hash; the CDN is
//      served from the tarball's attune-widget.js), a conversation in Chromium;
//   3. a Node ESM script with @attune/core's httpTransport against the reference server;
//   4. server rendering (renderToString) of a component importing @attune/react and
//      @attune/react/widget;
//   5. a host already on another Lit 3 patch keeps one copy of Lit;
// and that the README's install and usage snippets are these files' code.
// It prints the install size and the bundle sizes. Needs network access to the npm registry
// (or a warm npm cache: installs prefer it). Run: node --test tools/consumer-test/consumer.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { packAll, root } from '../../scripts/packages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Tool versions of the fresh app, pinned so the test only changes when we change them. */
const APP_DEPENDENCIES = { react: '19.3.1', 'react-dom': '19.3.1' };
const APP_DEV_DEPENDENCIES = { '@types/react': '19.3.0', '@types/react-dom': '19.3.0', typescript: '5.9.3', vite: '8.4.0' };
/** A Lit 3 the workspace does not test with (its lockfile has 3.3.3): the host's choice must win. */
const HOST_LIT = '3.3.0';
const CHROME_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const TIMEOUT = 20_000;

/**
 * How to start the reference server from the workspace: its package's `start` script (it
 * honours PORT and HOST and prints its URL). The one place that knows where it lives.
 */
function referenceServerDir() {
  for (const dir of ['packages/server', 'examples/server']) {
    const manifest = path.join(root, dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.start) return path.join(root, dir);
  }
  throw new Error('reference server not found (packages/server or examples/server with a start script)');
}

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
/** README code blocks marked `<!-- consumer-test: label -->`, as [label, code]. */
const readmeBlocks = [...readme.matchAll(/<!-- consumer-test: ([^>]+?) -->\s*```\w*\n([\s\S]*?)```/g)].map(([, label, code]) => [label, code]);

/**
 * The packages of the README's `npm install` line for `project`, as npm specs: ours are the
 * tarballs (and overrides make their dependencies on each other resolve to the tarballs
 * too, as they would on the registry); the rest at the versions pinned above.
 */
function readmeInstall(project) {
  const block = readmeBlocks.find(([label]) => label === `install ${project}`);
  assert.ok(block, `README has an install snippet for ${project}`);
  const names = block[1]
    .trim()
    .replace(/^npm install\s+/, '')
    .split(/\s+/);
  return names.map((name) => tarballSpec(name) ?? `${name}@${APP_DEPENDENCIES[name] ?? assert.fail(`no pinned version for ${name}`)}`);
}

/** An npm spec for one of our tarballs, relative as npm saves it (so overrides match it exactly). */
const tarballSpec = (name) => (tarballs[name] ? `file:../tarballs/${path.basename(tarballs[name])}` : undefined);

const work = mkdtempSync(path.join(tmpdir(), 'attune-consumer-'));
let tarballs;
let browser;
const cleanups = [];

before(() => {
  const missing = ['core', 'widget', 'react-adapter'].filter((p) => !existsSync(path.join(root, 'packages', p, 'dist', 'index.js')));
  assert.deepEqual(missing, [], `build first (npm run build): no dist in ${missing.join(', ')}`);
  tarballs = Object.fromEntries(packAll(path.join(work, 'tarballs')).map((p) => [p.name, p.tarball]));
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

function sh(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function npmInstall(cwd, specs, dev = false, exact = false) {
  sh(
    'npm',
    [
      'install',
      ...(dev ? ['--save-dev'] : []),
      ...(exact ? ['--save-exact'] : []),
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...specs,
    ],
    cwd,
  );
}

function newProject(name, manifest = {}) {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const overrides = Object.fromEntries(Object.keys(tarballs).map((pkg) => [pkg, tarballSpec(pkg)]));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `attune-consumer-${name}`, private: true, type: 'module', overrides, ...manifest }, null, 2),
  );
  return dir;
}

function bytesIn(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesIn(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** The installed packages (npm's hidden lockfile), as a Set of node_modules paths. */
function installed(dir) {
  const lock = path.join(dir, 'node_modules', '.package-lock.json');
  return new Set(Object.keys(JSON.parse(readFileSync(lock, 'utf8')).packages).filter((p) => p.startsWith('node_modules/')));
}

const MIME = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A static server for a folder, on loopback and a free port. */
async function serve(dir) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(dir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}`;
}

/** A page whose console errors and page errors are collected (and must stay empty). */
async function watchedPage() {
  browser ??= await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: CHROME_ARGS });
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  cleanups.push(() => context.close());
  return { page, errors };
}

const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** JS of a Vite build: what the page loads first (the entry and its static imports) and the lazy rest. */
function jsSizes(distDir) {
  const assets = path.join(distDir, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8'));
  const initial = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  let first = 0;
  let lazy = 0;
  for (const f of files) {
    const size = gzipSize(path.join(assets, f));
    if (initial.has(`assets/${f}`)) first += size;
    else lazy += size;
  }
  return { first, lazy };
}

test('Node ESM: @attune/core with httpTransport delivers a message to the reference server', async () => {
  const dir = newProject('node');
  npmInstall(dir, readmeInstall('node'));
  cpSync(path.join(here, 'node', 'chat.mjs'), path.join(dir, 'chat.mjs'));

  const server = spawn('npm', ['run', 'start', '--silent'], {
    cwd: referenceServerDir(),
    detached: true,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reference server printed no URL:\n${output}`)), TIMEOUT);
    const read = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.on('exit', (code) => reject(new Error(`reference server exited (${code}):\n${output}`)));
  });

  const result = spawnSync(process.execPath, ['chat.mjs'], { cwd: dir, encoding: 'utf8', timeout: TIMEOUT, env: { ...process.env, ATTUNE_URL: url } });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /^delivered \S+ to \S+ \(open\)$/m);
});

test('script tag: the README snippet (CDN URL + SRI hash) loads the tarball’s attune-widget.js and runs a conversation', async () => {
  const pkg = path.join(work, 'widget-tarball');
  mkdirSync(pkg, { recursive: true });
  sh('tar', ['-xzf', tarballs['@attune/widget'], '-C', pkg], work);
  const dist = path.join(pkg, 'package', 'dist');
  const html = readFileSync(path.join(here, 'script-tag', 'index.html'), 'utf8');
  const [, cdnBase, integrity] = /src="(https:\/\/[^"]+\/)attune-widget\.js"\s+integrity="([^"]+)"/.exec(html) ?? [];
  assert.ok(cdnBase && integrity, 'the page has the script tag with a CDN src and an integrity attribute');
  const sri = `sha384-${createHash('sha384')
    .update(readFileSync(path.join(dist, 'attune-widget.js')))
    .digest('base64')}`;
  assert.equal(integrity, sri, 'the SRI hash in the snippet is the built file’s: run `node scripts/release.mjs --update-snippets`');

  const site = await serve(path.join(here, 'script-tag'));
  const { page, errors } = await watchedPage();
  // The CDN, answered from the tarball: same bytes, so the browser verifies the real hash.
  await page.route(`${cdnBase}**`, (route) => {
    const file = path.join(dist, new URL(route.request().url()).pathname.slice(new URL(cdnBase).pathname.length));
    if (!file.startsWith(dist) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({
      status: 200,
      headers: { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' },
      body: readFileSync(file),
    });
  });
  await page.goto(site);
  const chat = page.locator('attune-chat');
  await chat.getByRole('button', { name: 'Open support chat' }).click();
  await converse(chat);
  assert.deepEqual(errors, []);
});

test('Vite + React 19 + TypeScript app: tsc --noEmit, vite build, a conversation with useChat and with AttuneChat', async () => {
  const dir = newProject('react-app', { scripts: { build: 'vite build' } });
  cpSync(path.join(here, 'react-app'), dir, { recursive: true });
  npmInstall(
    dir,
    Object.entries(APP_DEPENDENCIES).map(([n, v]) => `${n}@${v}`),
  );
  npmInstall(
    dir,
    Object.entries(APP_DEV_DEPENDENCIES).map(([n, v]) => `${n}@${v}`),
    true,
  );
  const before = installed(dir);
  npmInstall(dir, readmeInstall('react-app'));
  const added = [...installed(dir)].filter((p) => !before.has(p));
  const addedBytes = added.reduce((sum, p) => sum + bytesIn(path.join(dir, p)), 0);
  console.log(`# install: Attune added ${added.length} packages, ${kb(addedBytes)} on disk: ${added.map((p) => p.replace(/^node_modules\//, '')).join(', ')}`);
  assert.ok(added.includes('node_modules/lit'), 'lit comes with @attune/widget');
  assert.ok(
    !added.some((p) => /\/node_modules\//.test(p.slice('node_modules/'.length))),
    `one copy of each package (no nested duplicates): ${added.join(', ')}`,
  );

  // The README's "any framework" snippet is type-checked here too (src/any-framework.ts).
  npmInstall(dir, readmeInstall('any-framework'));
  sh(path.join(dir, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', 'tsconfig.json'], dir);
  sh(path.join(dir, 'node_modules', '.bin', 'vite'), ['build', '--manifest', '--logLevel', 'warn'], dir);

  const sizes = {};
  for (const entry of ['only-react', 'only-hooks', 'only-widget']) {
    sh(path.join(dir, 'node_modules', '.bin', 'vite'), ['build', '--manifest', '--logLevel', 'warn'], dir, { ATTUNE_ENTRY: entry });
    sizes[entry] = jsSizes(path.join(dir, `dist-${entry}`));
  }
  const line = (name) =>
    `${kb(sizes[name].first)} first load (+${kb(sizes[name].first - sizes['only-react'].first)} over React alone), ${kb(sizes[name].lazy)} lazy`;
  console.log(`# vite bundle (min+gzip): React alone ${kb(sizes['only-react'].first)}; useChat ${line('only-hooks')}; AttuneChat ${line('only-widget')}`);

  const site = await serve(path.join(dir, 'dist'));
  {
    const { page, errors } = await watchedPage();
    await page.goto(`${site}/`);
    const log = page.getByRole('log', { name: 'Conversation' });
    await log.getByText("Hi! I'm here to help. What's going on?").waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill("I've been waiting two weeks and my package still hasn't arrived");
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await page.getByRole('button', { name: "Yes, that's right" }).click();
    await log.getByText('What would help most?').waitFor();
    assert.deepEqual(errors, []);
  }
  {
    const { page, errors } = await watchedPage();
    await page.goto(`${site}/#drop-in`);
    await converse(page.locator('attune-chat'));
    await page.waitForFunction(() => document.title === 'chose reset');
    assert.deepEqual(errors, []);
  }

  // Server rendering in the same project (React 19 and the installed tarballs).
  cpSync(path.join(here, 'ssr', 'render.mjs'), path.join(dir, 'render.mjs'));
  const html = sh(process.execPath, ['render.mjs'], dir);
  assert.match(html, /<main><p>\d+ messages, \w+<\/p><attune-chat\b/);
});

test('a host app on another Lit 3 patch shares its one copy of Lit with the widget', () => {
  const dir = newProject('lit-host');
  // The host pins its Lit exactly, as many apps do.
  npmInstall(dir, [`lit@${HOST_LIT}`], false, true);
  npmInstall(dir, readmeInstall('any-framework'));
  const copies = [...installed(dir)].filter((p) => /(^|\/)node_modules\/lit$/.test(p));
  assert.deepEqual(copies, ['node_modules/lit'], 'one lit in the tree');
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'node_modules', 'lit', 'package.json'), 'utf8')).version, HOST_LIT);
});

/** The demo flow in the widget: a problem, the paraphrase echo confirmed, an option chosen. */
async function converse(chat) {
  await chat.getByRole('log').getByText("Hi! I'm here to help. What's going on?").waitFor();
  const message = chat.getByRole('textbox', { name: 'Message' });
  await message.fill("I can't log in to my account");
  await message.press('Enter');
  await chat.getByRole('button', { name: "Yes, that's right" }).click();
  await chat.getByRole('radio', { name: 'Yes, send it' }).click();
  await chat.getByRole('radio', { name: 'Yes, send it' }).and(chat.locator('[aria-checked="true"]')).waitFor();
}

test('README: the install and usage snippets are this test’s code', () => {
  const files = readmeBlocks.filter(([label]) => !label.startsWith('install '));
  assert.ok(files.length >= 5, `README marks its snippets with <!-- consumer-test: file --> (found ${files.length})`);
  // Compared line by line without indentation: the page indents what the README does not.
  const lines = (text) =>
    text
      .trimEnd()
      .split('\n')
      .map((l) => l.trim());
  for (const [file, code] of files) {
    const source = lines(readFileSync(path.join(here, file), 'utf8')).join('\n');
    assert.ok(source.includes(lines(code).join('\n')), `README snippet for ${file} differs from the file`);
  }
});
