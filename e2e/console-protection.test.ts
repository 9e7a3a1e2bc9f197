// Teammate protection in the agent console, in Chromium against the reference server: a
// message the server marked abusive is blurred (and hidden from screen readers) behind
// "Show message"; "Hand to a lead" and "End conversation" act on the conversation; the
// page stays axe-clean; the routes refuse cross-site and non-JSON requests. Per-message
// feedback shows next to the rated line. Needs no build: the console is served by the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hashPassword, sha256 } from '../packages/server/src/index.js';
import { startServer, type TestServer } from '../packages/server/test/support.js';
import { launchBrowser, TIMEOUT } from './harness.js';

const AGENT = { login: 'lead-test', name: 'Robin', password: 'console protection password', key: 'console-protection-key-0123' };

/** axe-core as shipped with @open-wc/testing (pnpm keeps it next to chai-a11y-axe). */
function axeSource(): string {
  const chai = realpathSync(path.join(realpathSync('node_modules/@open-wc/testing'), '..', '..', 'chai-a11y-axe'));
  return readFileSync(path.join(chai, '..', 'axe-core', 'axe.min.js'), 'utf8');
}

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startServer({
    port: 0,
    agents: [{ login: AGENT.login, name: AGENT.name, passwordHash: await hashPassword(AGENT.password), apiKeySha256: sha256(AGENT.key) }],
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser.close();
  await server.close();
});

async function conversationWithAbuse(): Promise<{ id: string; agentLine: string }> {
  const created = (await (
    await fetch(`${server.url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  ).json()) as { id: string; token: string };
  const send = async (event: object): Promise<void> => {
    const res = await fetch(`${server.url}/conversations/${created.id}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` },
      body: JSON.stringify({ v: 1, ...event }),
    });
    assert.ok(res.ok, `${res.status} ${await res.text()}`);
  };
  await send({ type: 'message', id: 'm1', text: 'My parcel is two weeks late and this app is garbage' });
  const posted = await fetch(`${server.url}/agent/conversations/${created.id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${AGENT.key}` },
    body: JSON.stringify({ text: 'Sorry to hear that — let me look it up.' }),
  });
  const agentLine = ((await posted.json()) as { event: { id: string } }).event.id;
  await send({ type: 'feedback', id: 'f1', messageId: agentLine, value: 'down', reason: 'Too slow' });
  await send({ type: 'message', id: 'm2', text: 'You are an idiot.' });
  return { id: created.id, agentLine };
}

async function openConsole(page: Page, id: string): Promise<void> {
  await page.goto(`${server.url}/console`);
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Login' }).fill(AGENT.login);
  await dialog.getByLabel('Password').fill(AGENT.password);
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator(`nav button[title="Conversation ${id}"]`).click();
}

test('a message marked abusive is blurred behind "Show message"; a lead takes over; the conversation ends; axe-clean', async () => {
  const { id } = await conversationWithAbuse();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(TIMEOUT);
  const errors: string[] = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await openConsole(page, id);
    // Before the login the list request is refused (401), as designed.
    errors.length = 0;
    const log = page.getByRole('log', { name: 'Transcript' });
    // Frustration with the product is shown as is; the rated agent line says how it was rated.
    await log.getByText('My parcel is two weeks late and this app is garbage').waitFor();
    await log.getByText('customer rated 👎 not helpful: Too slow').waitFor();
    const flagged = page.locator('#log li.flagged');
    await flagged.waitFor();
    assert.equal(await flagged.count(), 1, 'only the abusive message is marked');
    const body = flagged.locator('span').first();
    assert.match(await body.evaluate((node) => getComputedStyle(node).filter), /blur/);
    assert.equal(await body.getAttribute('aria-hidden'), 'true');
    // Hidden from the accessibility tree, and from the assist panel, until revealed.
    assert.equal(await log.getByRole('listitem').filter({ hasText: 'marked as abusive' }).count(), 1);
    assert.equal(await page.getByText('You are an idiot.', { exact: true }).and(page.locator(':not([aria-hidden="true"])')).count(), 0);
    await page
      .locator('#last-text')
      .getByText(/Marked as abusive and hidden/)
      .waitFor();
    const snapshot = await page.locator('main').ariaSnapshot();
    assert.doesNotMatch(snapshot, /You are an idiot/);

    await page.evaluate(axeSource());
    const before = await page.evaluate(async () =>
      (await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()).violations.map((v) => v.id),
    );
    assert.deepEqual(before, []);

    const show = flagged.getByRole('button', { name: 'Show message' });
    assert.equal(await show.getAttribute('aria-expanded'), 'false');
    await show.focus();
    await page.keyboard.press('Enter');
    await until(async () => !((await flagged.locator('span').first().getAttribute('class')) ?? '').includes('blurred'), 'the reveal');
    assert.doesNotMatch(
      await flagged
        .locator('span')
        .first()
        .evaluate((node) => getComputedStyle(node).filter),
      /blur/,
    );
    assert.equal(await flagged.locator('span').first().getAttribute('aria-hidden'), null);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('flagged')), true, 'focus moves to the revealed message');
    await page.locator('#last-text').getByText('You are an idiot.').waitFor();

    await flagged.getByRole('button', { name: 'Hand to a lead' }).click();
    await page.locator('#status').getByText('handed to a lead').waitFor();
    let events = await server.store.read(id, 0);
    const lead = events.find((e) => e.type === 'handoff');
    assert.ok(lead?.type === 'handoff' && lead.state === 'requested' && lead.reason === 'abuse');
    assert.equal((await server.store.get(id))?.state, 'handoff');

    await page.locator('#log li.flagged').getByRole('button', { name: 'End conversation' }).click();
    await page.locator('#status').getByText('conversation ended').waitFor();
    events = await server.store.read(id, 0);
    assert.ok(events.some((e) => e.type === 'text' && e.from === 'system' && e.text === 'The conversation has ended.'));
    assert.equal((await server.store.get(id))?.state, 'closed');

    const afterViolations = await page.evaluate(async () =>
      (await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()).violations.map((v) => v.id),
    );
    assert.deepEqual(afterViolations, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the lead and end routes need an agent, their own origin and a JSON body', async () => {
  const { id } = await conversationWithAbuse();
  const url = (action: string) => `${server.url}/agent/conversations/${id}/${action}`;
  const auth = { authorization: `Bearer ${AGENT.key}` };
  for (const action of ['lead', 'end']) {
    assert.equal(
      (await fetch(url(action), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
      401,
      `${action}: no login`,
    );
    assert.equal(
      (await fetch(url(action), { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example', ...auth }, body: '{}' }))
        .status,
      403,
      `${action}: cross-site`,
    );
    assert.equal(
      (await fetch(url(action), { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: '{}' })).status,
      415,
      `${action}: a simple (no-preflight) body`,
    );
    assert.equal(
      (
        await fetch(`${server.url}/agent/conversations/nope/${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: '{}',
        })
      ).status,
      404,
    );
  }
  const first = await fetch(url('lead'), { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'k1', ...auth }, body: '{}' });
  const again = await fetch(url('lead'), { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'k1', ...auth }, body: '{}' });
  assert.equal(first.status, 200);
  assert.equal(again.status, 200);
  assert.equal((await server.store.read(id, 0)).filter((e) => e.type === 'handoff').length, 1, 'a retried request is stored once');
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = TIMEOUT): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
