// The console's metrics page in Chromium over 1,000 seeded conversations on the real
// server: it renders (and how fast), sorts by any figure, filters by date, exports a CSV
// that re-imports to the figures on the page, opens a scorecard whose evidence links open
// the conversation at that message, stays axe clean under the console's strict CSP.
// With ATTUNE_SCREENSHOTS=1 it also refreshes docs/images/console-metrics*.png and
// console-evidence.png (not on every run: the pictures carry the time they were taken).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axeCore from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword, memoryStore, type RunningServer } from '../packages/server/src/index.js';
import type { MetricsReport } from '../packages/server/src/metrics.js';
import { figuresFromCsv, figuresFromTeam, parseCsv } from '../packages/server/test/metrics-csv.js';
import { seedConversations } from '../packages/server/test/metrics-seed.js';
import { startServer } from '../packages/server/test/support.js';
import { launchBrowser, TIMEOUT } from './harness.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// The library's own source, to evaluate in the page.
const axeSource = axeCore.source;
const FROM = Date.parse('2026-11-01T00:00:00Z');
const LOGIN = { login: 'lead', password: 'metrics lead password' };
const screenshot = async (page: Page, name: string): Promise<void> => {
  if (process.env.ATTUNE_SCREENSHOTS === '1') await page.screenshot({ path: path.join(root, 'docs/images', name) });
};

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const errors: string[] = [];

before(async () => {
  const store = memoryStore();
  await seedConversations(store, { count: 1000, from: FROM, days: 30 });
  // Customer words are data, never markup, on the page and in the export.
  await store.create('hostile', FROM + 3600_000);
  await store.append('hostile', {
    event: { type: 'text', id: 'x1', from: 'customer', text: '<img src=x onerror="document.title=1">=cmd|calc', at: FROM + 3600_000, status: 'sent' } as never,
  });
  server = await startServer({ port: 0, store, agents: [{ login: LOGIN.login, name: 'Lead', passwordHash: await hashPassword(LOGIN.password) }] });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const login = await context.request.post(`${server.url}/agent/login`, { data: LOGIN });
  assert.equal(login.status(), 200);
});
after(async () => {
  await context.close();
  await browser.close();
  await server.close();
});

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

async function openMetrics(page: Page, query = 'from=2026-11-01&to=2026-11-30'): Promise<void> {
  const res = await page.goto(`${server.url}/console/metrics?${query}`);
  assert.match(res?.headers()['content-security-policy'] ?? '', /default-src 'self'/);
  await page
    .locator('#status')
    .filter({ hasText: /conversations? started/ })
    .waitFor();
}

const api = async (query: string): Promise<MetricsReport> =>
  (await (await context.request.get(`${server.url}/agent/metrics?${query}`)).json()) as MetricsReport;

async function axe(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP does not block it.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const rowIds = (page: Page): Promise<string[]> => page.locator('#rows tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id ?? ''));

test('renders 1,000 conversations: figures, six charts with titles and data tables, every row; fast; axe clean', async () => {
  const page = await newPage();
  await openMetrics(page);
  const report = await api('from=2026-11-01&to=2026-11-30');
  assert.equal(report.conversations.length, 1001);
  assert.equal(await page.locator('#rows tbody tr').count(), 1001);
  assert.equal(await page.locator('.card').first().locator('dd').textContent(), '1001');
  const resolved = report.team.rates.resolved;
  assert.equal(await page.locator('.card', { hasText: 'Resolved' }).locator('dd small').textContent(), `${String(resolved.count)} of ${String(resolved.of)}`);
  assert.equal(
    await page
      .locator('.card', { hasText: 'CSAT' })
      .locator('dd')
      .evaluate((dd) => dd.firstChild?.textContent),
    `${(report.team.csat.mean ?? 0).toFixed(2)} / 5`,
  );

  const charts = page.locator('figure');
  assert.equal(await charts.count(), 6);
  for (const title of ['CSAT by starting tone', 'Tone improvement', 'First reply time', 'Resolution time', 'Echo confirm rate', 'Handoffs over time']) {
    const fig = page.locator('figure', { has: page.locator('figcaption', { hasText: title }) });
    assert.equal(await fig.locator('svg[role="img"] > title').textContent(), title);
    assert.ok((await fig.locator('details table tbody tr').count()) > 0, `${title} has its data as a table`);
  }
  // The histogram's table adds up to the conversations that had a first reply.
  const firstReply = page.locator('figure', { has: page.locator('figcaption', { hasText: 'First reply time' }) });
  const counts = await firstReply.locator('details tbody td').allTextContents();
  assert.equal(
    counts.map(Number).reduce((a, b) => a + b, 0),
    report.team.timings.firstReplyMs.count,
  );

  // The hostile first words are text.
  assert.equal(await page.locator('#rows tbody tr[data-id="hostile"] td.words button').textContent(), '<img src=x onerror="document.title=1">=cmd|calc');
  assert.equal(await page.locator('#rows img').count(), 0);
  assert.equal(await page.title(), 'Metrics · Attune console');

  const renderMs = Number(await page.locator('body').getAttribute('data-render-ms'));
  const loadMs = Number(await page.locator('body').getAttribute('data-load-ms'));
  console.log(`# metrics page, 1,001 conversations: render ${String(renderMs)} ms, fetch + render ${String(loadMs)} ms (loaded machine)`);
  assert.ok(renderMs < 1000, `rendered in ${String(renderMs)} ms`);

  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'console-metrics.png');
  await page.locator('section.list').scrollIntoViewIfNeeded();
  await screenshot(page, 'console-metrics-list.png');
  await page.close();
});

test('the list sorts by any figure, both ways, empty values last', async () => {
  const page = await newPage();
  await openMetrics(page);
  const report = await api('from=2026-11-01&to=2026-11-30');
  for (const [label, key] of [
    ['CSAT', 'csat'],
    ['First reply', 'firstReplyMs'],
    ['Apologies', 'apologies'],
    ['Start tone', 'startingTone'],
  ] as const) {
    const header = page.locator(`#rows th:has(button[data-key="${key}"])`);
    assert.equal(await header.textContent(), label);
    await header.getByRole('button').click();
    const first = await header.getAttribute('aria-sort');
    assert.ok(first === 'ascending' || first === 'descending', `${label}: ${String(first)}`);
    for (const dir of first === 'ascending' ? [1, -1] : [-1, 1]) {
      if (dir !== (first === 'ascending' ? 1 : -1)) await header.getByRole('button').click();
      assert.equal(await header.getAttribute('aria-sort'), dir > 0 ? 'ascending' : 'descending');
      const values = await rowIds(page).then((ids) => ids.map((id) => report.conversations.find((r) => r.id === id)?.[key] ?? null));
      const present = values.filter((v) => v !== null);
      assert.ok(
        values.slice(present.length).every((v) => v === null),
        `${label}: empty values last`,
      );
      for (let i = 1; i < present.length; i++) {
        const [a, b] = [present[i - 1], present[i]];
        const d = typeof a === 'string' ? a.localeCompare(String(b)) : Number(a) - Number(b);
        assert.ok(d * dir <= 0, `${label} ${dir > 0 ? 'ascending' : 'descending'} at row ${String(i)}: ${String(a)} then ${String(b)}`);
      }
    }
  }
  await page.close();
});

test('filters by date: the range form refetches, the URL follows, the rows are the range', async () => {
  const page = await newPage();
  await openMetrics(page);
  await page.locator('#from').fill('2026-11-10');
  await page.locator('#to').fill('2026-11-12');
  await page.getByRole('button', { name: 'Show' }).click();
  const want = await api('from=2026-11-10&to=2026-11-12');
  await page
    .locator('#status')
    .filter({ hasText: `${String(want.conversations.length)} conversations started 2026-11-10` })
    .waitFor();
  assert.ok(want.conversations.length > 50 && want.conversations.length < 200);
  assert.equal(await page.locator('#rows tbody tr').count(), want.conversations.length);
  assert.deepEqual((await rowIds(page)).sort(), want.conversations.map((r) => r.id).sort());
  assert.match(page.url(), /\/console\/metrics\?from=2026-11-10&to=2026-11-12$/);
  // A start after the end is refused on the page, without a request.
  await page.locator('#from').fill('2026-11-20');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.locator('#status[data-kind="error"]').waitFor();
  await page.close();
});

test('exports a CSV that re-imports to the figures on the page, and the JSON report', async () => {
  const page = await newPage();
  await openMetrics(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'attune-metrics-2026-11-01-to-2026-11-30.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const rows = parseCsv(csv);
  assert.equal(rows.length, 1001);
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export JSON' }).click()]);
  const json = JSON.parse(await readFile(await jsonDownload.path(), 'utf8')) as MetricsReport;
  const fromCsv = figuresFromCsv(rows);
  assert.deepEqual(fromCsv, JSON.parse(JSON.stringify(figuresFromTeam(json.team))));
  // And the page shows those same figures.
  assert.equal(await page.locator('.card', { hasText: 'Resolved' }).locator('dd small').textContent(), `${String(fromCsv.resolved)} of 1001`);
  assert.equal(
    await page
      .locator('.card', { hasText: 'CSAT' })
      .locator('dd')
      .evaluate((dd) => dd.firstChild?.textContent),
    `${(fromCsv.csatMean ?? 0).toFixed(2)} / 5`,
  );
  assert.equal(
    await page.locator('.card', { hasText: 'Tone improved' }).locator('dd small').textContent(),
    `${String(fromCsv.toneImproved)} of ${String(fromCsv.negativeStarts)} negative starts`,
  );
  const hostile = rows.find((r) => r.id === 'hostile');
  assert.equal(hostile?.firstWords, '<img src=x onerror="document.title=1">=cmd|calc');
  await page.close();
});

test('a scorecard: six criteria with evidence; an evidence link opens the conversation at that message; axe clean', async () => {
  const page = await newPage();
  await openMetrics(page);
  await page.locator('#rows tbody tr[data-id="seed-00007"] td.words button').click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('.criteria > li').first().waitFor();
  assert.equal(await dialog.locator('.criteria > li').count(), 6);
  const link = dialog.locator('.evidence a').first();
  const href = (await link.getAttribute('href')) ?? '';
  assert.match(href, /^\/console#conversation=seed-00007&message=[\w-]+$/);
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'console-metrics-scorecard.png');
  // Escape closes it and focus returns to the row's button.
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('tr')?.dataset.id), 'seed-00007');

  const message = decodeURIComponent(href.split('message=')[1] ?? '');
  await page.goto(`${server.url}${href}`);
  const marked = page.locator('#log li[data-evidence]');
  await marked.waitFor();
  assert.equal(await marked.count(), 1);
  const log = await server.store.read('seed-00007', 0);
  const shown = log.filter((e) => 'id' in e && e.id === message).at(-1);
  assert.ok(shown);
  assert.equal(await marked.getAttribute('data-type'), shown.type);
  if (shown.type === 'text' || shown.type === 'echo') assert.ok(((await marked.textContent()) ?? '').includes(shown.text.slice(0, 20)));
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.evidence), 'true', 'the evidence message has focus');
  await screenshot(page, 'console-evidence.png');
  await page.close();
});

test('logged out: the page says where to log in instead of showing an error', async () => {
  // A context of its own: Chrome logs the 401 as a console error, expected here.
  const anonymous = await browser.newContext();
  try {
    const page = await anonymous.newPage();
    await page.goto(`${server.url}/console/metrics`);
    const link = page.getByRole('link', { name: 'Log in on the conversations page' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), '/console');
    assert.equal(await page.locator('#rows tbody tr').count(), 0);
  } finally {
    await anonymous.close();
  }
});

test('no console errors or CSP violations on any page', () => {
  assert.deepEqual(errors, []);
});
