// The self-contained bundle: one file registers the elements of the first paint, the prompt
// elements arrive from a chunk when a transcript first shows one, and a page that loads it
// twice (two copies: a CMS block and a tag manager, say) keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness } from './harness.js';

const h = await createHarness();
const FIRST_PAINT = ['attune-chat', 'attune-message-list', 'attune-composer'];
const TAGS = [...FIRST_PAINT, 'attune-echo', 'attune-option-picker', 'attune-recap', 'attune-csat', 'attune-handoff'];

test('attune-widget.js registers the first paint’s elements, the rest on demand, and a second copy of it does not throw', async () => {
  const page = await h.page();
  await page.goto(`${h.site.url}/`);
  // Different query strings make the browser evaluate two separate module instances.
  await page.setContent(`<!doctype html><html lang="en"><head><link rel="icon" href="data:,">
    <script type="module" src="/packages/widget/dist/attune-widget.js?copy=1"></script>
    <script type="module" src="/packages/widget/dist/attune-widget.js?copy=2"></script></head>
    <body><main><attune-chat mode="inline" heading="Twice"></attune-chat></main></body></html>`);
  await page.waitForFunction(() => customElements.get('attune-chat') !== undefined);
  await page.waitForTimeout(300); // let the second copy finish evaluating
  const defined = (): Promise<string[]> => page.evaluate((tags) => tags.filter((t) => customElements.get(t) !== undefined), TAGS);
  assert.deepEqual((await defined()).slice(0, FIRST_PAINT.length), FIRST_PAINT);
  // The element still works: the built-in demo flow greets, and its echo loads the prompt elements.
  const chat = page.locator('attune-chat');
  await chat.getByRole('log').getByText(/help/i).first().waitFor();
  await chat.getByRole('textbox', { name: 'Message' }).fill("My parcel still hasn't arrived and I'm really annoyed");
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await chat.getByRole('button', { name: "Yes, that's right" }).waitFor();
  assert.deepEqual(await defined(), TAGS);
});
