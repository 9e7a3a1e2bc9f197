// The self-contained widget is an entry plus chunks it imports on demand: a widget
// connected to a server (`endpoint=`) never downloads the in-page agent, its flow engine
// or its catalogs; a widget with no configuration loads the agent chunk and runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createHarness } from './harness.js';

const h = await createHarness();

/** The widget files (entry and chunks) a page requested, by file name. */
function widgetRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const match = /\/packages\/widget\/dist\/(attune-widget[^?]*\.js)/.exec(request.url());
    if (match?.[1]) seen.push(match[1]);
  });
  return seen;
}

const AGENT_CHUNK = /attune-widget-chunks\/(local-agent|agent)-/;
// Every chunk only the in-page agent needs: the agent, the flow engine, the flow loader.
const IN_PAGE_ONLY = /attune-widget-chunks\/(local-agent|agent|load-flow)-/;

test('a widget with endpoint= never requests the agent chunk, even after a customer message', async () => {
  const page = await h.page();
  const seen = widgetRequests(page);
  await page.goto(`${h.site.url}/server-demo/`);
  const chat = page.locator('attune-chat');
  await page.waitForFunction(() => document.querySelector('attune-chat')?.shadowRoot?.querySelector('[part="status"]')?.getAttribute('data-status') === 'open');
  const box = chat.getByRole('textbox', { name: 'Message' });
  const marker = `chunks-${Date.now()}`;
  await box.fill(`My parcel never arrived ${marker}`);
  await box.press('Enter');
  await chat.getByRole('log').getByText(marker).waitFor();
  // Delivered (no pending mark left): the server acknowledged it, so the whole send path was loaded.
  await page.waitForFunction((m) => {
    const list = document.querySelector('attune-chat')?.shadowRoot?.querySelector('attune-message-list')?.shadowRoot;
    const row = [...(list?.querySelectorAll('[part~="customer"]') ?? [])].find((el) => el.textContent?.includes(m));
    return row?.querySelector('[part="message-status"]') === null;
  }, marker);
  assert.ok(seen.includes('attune-widget.js'), `requested: ${seen.join(', ')}`);
  assert.deepEqual(
    seen.filter((f) => IN_PAGE_ONLY.test(f)),
    [],
    `requested: ${seen.join(', ')}`,
  );
});

test('the first paint needs the entry alone: a closed widget requests no chunk but the guardrails', async () => {
  const page = await h.page();
  const seen = widgetRequests(page);
  await page.goto(`${h.site.url}/server-demo/`);
  await page.waitForFunction(() => document.querySelector('attune-chat')?.shadowRoot?.querySelector('[part="status"]')?.getAttribute('data-status') === 'open');
  // A text-only transcript renders without the prompt elements, the markdown renderer or the tone model.
  // The guardrails (`wire-*`) are fetched as the conversation starts, beside the connection, so
  // the first reply is already guarded when it arrives (no apology shown, then taken back).
  assert.deepEqual(
    seen.filter((f) => f !== 'attune-widget.js' && !f.includes('attune-widget-chunks/markdown-') && !f.includes('attune-widget-chunks/wire-')),
    [],
    `requested: ${seen.join(', ')}`,
  );
});

test('a widget with no configuration loads the agent chunk on demand and the demo flow greets', async () => {
  const page = await h.page();
  const seen = widgetRequests(page);
  await page.goto(`${h.site.url}/vanilla/`);
  await page
    .locator('attune-chat')
    .first()
    .evaluate((el: HTMLElement & { toggle?: (open: boolean) => Promise<void> }) => el.toggle?.(true));
  await page.locator('attune-chat').first().getByRole('log').getByText(/help/i).first().waitFor();
  assert.ok(
    seen.some((f) => AGENT_CHUNK.test(f)),
    `requested: ${seen.join(', ')}`,
  );
});
