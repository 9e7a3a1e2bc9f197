// The React example: the custom UI built from the hooks, driven by keyboard only (no
// clicks), and the drop-in <AttuneChat> with its typed event props.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, pressUntilFocused } from './harness.js';

const h = await createHarness();

test('react custom UI: a whole conversation by keyboard only, to the recap and the rating', async () => {
  const page = await h.page();
  await page.goto(`${h.site.url}/react/#/custom`);
  const log = page.getByRole('log', { name: 'Conversation' });
  await log.getByText("Hi! I'm here to help. What's going on?").waitFor();
  const input = page.getByRole('textbox', { name: 'Message' });
  const focused = (target: ReturnType<typeof page.getByRole>) => target.evaluate((el) => el === document.activeElement);

  await pressUntilFocused(page, 'Tab', input, 20);
  await page.keyboard.type("I've been waiting two weeks and my package still hasn't arrived");
  await page.keyboard.press('Enter');
  await log.getByText("I've been waiting two weeks and my package still hasn't arrived").waitFor();

  // Echo: Shift+Tab from the composer reaches it; Enter confirms.
  const confirm = page.getByRole('button', { name: "Yes, that's right" });
  await confirm.waitFor();
  assert.match((await log.locator('.echo p').first().textContent())!, /your package still hasn't arrived/i);
  await pressUntilFocused(page, 'Shift+Tab', confirm);
  await page.keyboard.press('Enter');
  await log.getByText('✓ Confirmed').waitFor();

  // Option picker: a radio group with one tab stop; arrows move, Enter chooses.
  const picker = page.getByRole('radiogroup', { name: 'What would help most?' });
  await picker.waitFor();
  assert.ok(await focused(input), 'focus went back to the composer after confirming');
  const options = picker.getByRole('radio');
  assert.equal(await options.count(), 3);
  await pressUntilFocused(page, 'Shift+Tab', options.first());
  await page.keyboard.press('ArrowDown');
  assert.ok(await focused(picker.getByRole('radio', { name: 'Refund me' })), 'ArrowDown moved focus to the next option');
  await page.keyboard.press('Enter');
  assert.equal(await picker.getByRole('radio', { name: 'Refund me' }).getAttribute('aria-checked'), 'true');

  // Recap: not solved yet, so it says so; the next step names who, what and by when.
  const recap = page.getByRole('region', { name: 'Summary' });
  await recap.waitFor();
  const text = (await recap.textContent())!;
  assert.match(text, /refund your order/);
  assert.match(text, /within 5 days/);
  assert.match(text, /isn't solved yet/);

  // CSAT: one keypress rates; then a comment goes out with the keyboard too.
  const four = page.getByRole('button', { name: '4 stars' });
  await pressUntilFocused(page, 'Shift+Tab', four);
  await page.keyboard.press('Enter');
  assert.equal(await four.getAttribute('aria-pressed'), 'true');
  const comment = page.getByRole('textbox', { name: 'Anything to add? (optional)' });
  await pressUntilFocused(page, 'Tab', comment);
  await page.keyboard.type('Clear next steps, thanks');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('group', { name: 'How did we do?' }).getByText('Thanks for your feedback!').waitFor();
});

test('react drop-in: <AttuneChat> renders the widget and reports its events through typed props', async () => {
  const page = await h.page();
  await page.goto(`${h.site.url}/react/#/drop-in`);
  const chat = page.locator('attune-chat');
  await chat.getByRole('log').getByText("Hi! I'm here to help. What's going on?").waitFor();
  await chat.getByRole('textbox', { name: 'Message' }).fill("I can't log in to my account");
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await page.locator('.events').getByText('attune-send').waitFor();
  await chat.getByRole('button', { name: "Yes, that's right" }).click();
  await page.locator('.events').getByText('attune-echo-confirm').waitFor();
  await chat.getByRole('radio', { name: 'Yes, send it' }).click();
  await page.locator('.events').getByText('attune-choose').waitFor();
  assert.match((await page.locator('.events').textContent())!, /"optionId":"reset"/);
});
