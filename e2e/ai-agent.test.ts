// The AI agent demo page in Chromium: the reference server runs openAiCompatibleAgent with
// the scripted model (no key), the page says so, and the guardrails keep the model — which
// apologises in every reply — to one apology on screen, listing what they dropped.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, openAiCompatibleAgent } from '../packages/server/src/index.js';
import { scriptedModel } from '../examples/server/scripted-model.mjs';
// @ts-expect-error: a plain .mjs script without type declarations.
import { startSite } from '../scripts/serve.mjs';
import { launchBrowser, TIMEOUT } from './harness.js';

const dataDir = await mkdtemp(path.join(tmpdir(), 'attune-e2e-ai-'));
const agent = openAiCompatibleAgent({
  baseURL: 'http://scripted-model.invalid/v1',
  model: 'scripted-demo',
  name: 'Assistant (scripted model)',
  fetch: scriptedModel({ delayMs: 5 }),
  log: () => undefined,
});
let server = await createServer({ port: 0, dataDir, agent });
const site = (await startSite({ port: 0, ai: { url: server.url, model: null } })) as { url: string; close(): Promise<void> };
const port = server.port;
await server.close();
server = await createServer({ port, dataDir, agent, allowedOrigins: [new URL(site.url).origin] });
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await site.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('AI agent page: labelled scripted model, one apology on screen, a validated picker and a recap', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${site.url}/ai-agent/`);
  await page.getByRole('status').getByText('Scripted model — not an AI').waitFor();
  const chat = page.locator('attune-chat');
  const box = chat.getByRole('textbox', { name: 'Message' });
  await box.fill("My parcel still hasn't arrived and I'm really annoyed");
  await box.press('Enter');
  await chat.getByText('What is your order number?').waitFor();
  await box.fill('It is order 48213');
  await box.press('Enter');
  await chat.getByRole('radio', { name: 'Refund me' }).click();
  await chat.getByRole('region', { name: 'Summary' }).waitFor();
  await chat.getByText('Done: your refund is on its way', { exact: false }).waitFor();
  const log = await chat.getByRole('log').innerText();
  assert.equal((log.match(/sorry|apolog/gi) ?? []).length, 1, `one apology on screen:\n${log}`);
  assert.doesNotMatch(log, /Wait|Call me/, 'the 4-option picker is not shown');
  const dropped = await page.locator('#dropped li').allInnerTexts();
  assert.deepEqual(dropped, ['Extra apology: “Sorry about the wait.”', 'Extra apology: “My apologies for all the trouble.”']);
  assert.deepEqual(errors, []);
  await context.close();
});
