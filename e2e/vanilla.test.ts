// The script-tag demo, as a visitor uses it: open the launcher, describe a problem, confirm
// the paraphrase echo, pick an option, read the recap, rate the chat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness } from './harness.js';

const h = await createHarness();

test('vanilla: one script tag; a conversation runs from the echo to the recap and the rating', async () => {
  const page = await h.page();
  await page.goto(`${h.site.url}/vanilla/`);

  // The page shows the snippet it really uses.
  const snippet = await page.locator('#snippet').textContent();
  const scripts = await page.locator('script[type="module"]').evaluateAll((els) => els.map((el) => el.getAttribute('src')));
  assert.deepEqual(scripts, ['/packages/widget/dist/attune-widget.js']);
  assert.match(snippet!, /<script type="module"\s+src="\/packages\/widget\/dist\/attune-widget\.js"><\/script>/);
  assert.match(snippet!, /<attune-chat heading="Support"><\/attune-chat>/);
  assert.equal(await page.locator('attune-chat').count(), 1);
  assert.equal(await page.locator('attune-chat').getAttribute('heading'), 'Support');

  await page.evaluate(`(() => {
    window.attuneEvents = [];
    for (const type of ['attune-send', 'attune-echo-confirm', 'attune-choose', 'attune-recap', 'attune-rate'])
      document.querySelector('attune-chat').addEventListener(type, (e) => window.attuneEvents.push(type));
  })()`);

  const chat = page.locator('attune-chat');
  await chat.getByRole('button', { name: 'Open support chat' }).click();
  const log = chat.getByRole('log');
  await log.getByText("Hi! I'm here to help. What's going on?").waitFor();

  await chat.getByRole('textbox', { name: 'Message' }).fill("My parcel still hasn't arrived and I'm really annoyed");
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await log.getByText("My parcel still hasn't arrived and I'm really annoyed").waitFor();

  // The echo reflects "my" as "your" and names the feeling instead of repeating it.
  const echo = log.getByText(/your parcel still hasn't arrived.*frustrating/i);
  await echo.waitFor();
  await chat.getByRole('button', { name: "Yes, that's right" }).click();

  // The words matched the "late order" topic: the picker offers what would help.
  const picker = chat.getByRole('radiogroup', { name: 'What would help most?' });
  await picker.waitFor();
  assert.equal(await picker.getByRole('radio').count(), 3);
  await picker.getByRole('radio', { name: 'Send a replacement' }).click();

  // The recap names who does what, by when; then one tap rates.
  await log.getByText('ship a replacement').waitFor();
  await log.getByText('within 2 business days').waitFor();
  await log
    .getByText(/your parcel still hasn't arrived/i)
    .first()
    .waitFor();
  await chat.getByRole('button', { name: '5 stars' }).click();
  await log.getByText('Thanks for your feedback!').first().waitFor();

  const events = await page.evaluate<string[]>('window.attuneEvents');
  assert.deepEqual([...new Set(events)], ['attune-send', 'attune-echo-confirm', 'attune-choose', 'attune-recap', 'attune-rate']);
});

test('vanilla: the launcher closes and opens again without losing the conversation', async () => {
  const page = await h.page();
  await page.goto(`${h.site.url}/vanilla/`);
  const chat = page.locator('attune-chat');
  await chat.getByRole('button', { name: 'Open support chat' }).click();
  await chat.getByRole('textbox', { name: 'Message' }).fill('My order is late');
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await chat.getByRole('button', { name: "Yes, that's right" }).waitFor();
  await chat.getByRole('dialog').getByRole('button', { name: 'Close support chat' }).click();
  await chat.getByRole('dialog').waitFor({ state: 'hidden' });
  await chat.getByRole('button', { name: 'Open support chat' }).click();
  await chat.getByRole('log').getByText('My order is late').waitFor();
  await chat.getByRole('button', { name: "Yes, that's right" }).waitFor();
});
