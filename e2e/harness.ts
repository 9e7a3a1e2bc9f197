// Shared setup of the end-to-end tests: the demo site (scripts/serve.mjs) and the
// reference server (port 0, a temporary data dir) in this process, one headless Chromium
// per test file, and a guard that fails a test on any console error or page error.
// The server issues conversation ids and guards /agent/*: tests act as an agent with an
// API key (`agentFetch`) or log in to the console with a password (`loginConsole`).
import { after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { ServerEvent } from '../packages/core/src/index.js';
import { hashPassword, sha256, type RunningServer as Running } from '../packages/server/src/index.js';
import { startServer as startTestServer } from '../packages/server/test/support.js';
// @ts-expect-error: a plain .mjs script without type declarations.
import { startSite } from '../scripts/serve.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** What must be built before the pages can load (`npm test` builds it; alone: `npm run build` and the React example). */
const BUILT = ['packages/widget/dist/attune-widget.js', 'packages/core/dist/index.js', 'examples/react/dist/app.js'];

export const CHROME_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Generous for a loaded CI machine; a passing run takes a fraction of it. */
export const TIMEOUT = 15_000;

/** The e2e agent: an API key for direct calls, a password for the console. */
export const AGENT = { login: 'agent', name: 'Agent', password: 'e2e agent password', key: 'e2e-agent-key-0123456789' } as const;
const agentAccount = { login: AGENT.login, name: AGENT.name, passwordHash: await hashPassword(AGENT.password), apiKeySha256: sha256(AGENT.key) };

export interface RunningServer extends Running {
  /** The server's log of conversation `id` (the server-issued id). */
  conversation(id: string): Promise<{ id: string; events: ServerEvent[] }>;
}

async function startServer(options: Parameters<typeof startTestServer>[0]): Promise<RunningServer> {
  const server = await startTestServer({ ...options, agents: [agentAccount] });
  return Object.assign(server, { conversation: async (id: string) => ({ id, events: await server.store.read(id, 0) }) });
}

interface Site {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface Harness {
  site: Site;
  /** The reference server (replaced by `restartServer`). */
  server: RunningServer;
  dataDir: string;
  browser: Browser;
  /** A new page in a fresh browser context (its own storage), watched for errors. */
  page(): Promise<Page>;
  /** A new browser context whose pages are watched for errors. */
  context(): Promise<BrowserContext>;
  /** Stops the server and starts it again on the same port over the same data dir. */
  restartServer(between?: () => Promise<void>): Promise<void>;
  /** Console messages matching these are not errors (e.g. refused connections while the server is down). */
  allow(pattern: RegExp): void;
  /** Lets pages of `origin` (a test's own static server) be customers: restarts the server with it allowed. */
  allowOrigin(origin: string): Promise<void>;
  /** A request to the server as the e2e agent (API key), e.g. `agentFetch('/agent/conversations')`. */
  agentFetch(path: string, init?: RequestInit): Promise<Response>;
  /** The server-issued id of the conversation whose first customer message is `preview` (waits for it). */
  conversationId(preview: string): Promise<string>;
  /** Opens the agent console in `page` (unless `navigate: false`: it is open and asks again) and logs in as the e2e agent. */
  loginConsole(page: Page, options?: { navigate?: boolean }): Promise<void>;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: CHROME_ARGS });
}

/**
 * Starts everything for one test file and registers the hooks: after each test, any page
 * error or console error seen fails it; after all, everything stops.
 */
export async function createHarness(): Promise<Harness> {
  const missing = BUILT.filter((file) => !existsSync(path.join(root, file)));
  assert.deepEqual(missing, [], `Build first (npm test does): missing ${missing.join(', ')}`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'attune-e2e-'));
  let server = await startServer({ port: 0, dataDir, heartbeatMs: 2000 });
  const site: Site = await startSite({ port: 0, serverUrl: server.url });
  // The site's origin is known only now: the server restarts on its port, allowing it.
  const allowedOrigins = [new URL(site.url).origin];
  const serverPort = server.port;
  await server.close();
  server = await startServer({ port: serverPort, dataDir, heartbeatMs: 2000, allowedOrigins });
  const browser = await launchBrowser();
  const errors: string[] = [];
  let allowed: RegExp[] = [];
  const contexts: BrowserContext[] = [];

  const watch = (page: Page): void => {
    page.on('pageerror', (error) => errors.push(`page error on ${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (!allowed.some((pattern) => pattern.test(text))) errors.push(`console error on ${page.url()}: ${text}`);
    });
  };
  const context = async (): Promise<BrowserContext> => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    ctx.setDefaultTimeout(TIMEOUT);
    ctx.on('page', watch);
    contexts.push(ctx);
    return ctx;
  };

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((ctx) => ctx.close()));
    const seen = errors.splice(0);
    allowed = [];
    assert.deepEqual(seen, [], 'the pages logged errors');
  });
  after(async () => {
    await browser.close();
    await site.close();
    await harness.server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const harness: Harness = {
    site,
    server,
    dataDir,
    browser,
    context,
    async page() {
      return (await context()).newPage();
    },
    async restartServer(between) {
      const port = server.port;
      await server.close();
      await between?.();
      server = await startServer({ port, dataDir, heartbeatMs: 2000, allowedOrigins });
      harness.server = server;
    },
    allow(pattern) {
      allowed.push(pattern);
    },
    async allowOrigin(origin) {
      allowedOrigins.push(new URL(origin).origin);
      await harness.restartServer();
    },
    agentFetch(pathname, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${AGENT.key}`);
      if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${server.url}${pathname}`, { ...init, headers });
    },
    async conversationId(preview) {
      const end = Date.now() + TIMEOUT;
      for (;;) {
        const res = await harness.agentFetch('/agent/conversations?limit=100');
        assert.equal(res.status, 200, 'the agent may list conversations');
        const { conversations } = (await res.json()) as { conversations: { id: string; firstWords: string }[] };
        const found = conversations.find((c) => c.firstWords === preview);
        if (found) return found.id;
        if (Date.now() > end) assert.fail(`no conversation starting "${preview}" reached the server`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async loginConsole(page, { navigate = true } = {}) {
      if (navigate) await page.goto(`${server.url}/console`);
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Login' }).fill(AGENT.login);
      await dialog.getByLabel('Password').fill(AGENT.password);
      await dialog.getByRole('button', { name: 'Log in' }).click();
      await dialog.waitFor({ state: 'hidden' });
    },
  };
  return harness;
}

/** Presses `key` (e.g. Shift+Tab) until the focused element matches, at most `max` times: keyboard-only navigation. */
export async function pressUntilFocused(page: Page, key: string, target: Locator, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    const focused = await target.evaluate((el) => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active === el;
    });
    if (focused) return;
    await page.keyboard.press(key);
  }
  assert.fail(`pressing ${key} ${max} times never focused ${target.toString()}`);
}
