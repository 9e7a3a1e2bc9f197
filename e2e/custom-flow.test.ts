// The flow editor: a picker with four options is refused with its path; the fixed flow runs
// in the widget beside the editor, to its recap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness } from './harness.js';

const h = await createHarness();

test('flow editor: four options show a path-labelled error; the fixed flow runs to its recap', async () => {
  const page = await h.page();
  await page.goto(`${h.site.url}/custom-flow/`);
  const editor = page.getByRole('textbox', { name: 'returns-flow.json' });
  const status = page.locator('#flow-status');
  const run = page.getByRole('button', { name: 'Run this flow' });
  const chat = page.locator('attune-chat');
  await status.getByText('Valid flow “returns-and-refunds”').waitFor();
  await chat.getByRole('log').getByText('Hi! I can help with returns and refunds.').waitFor();

  const flow = JSON.parse(await editor.inputValue()) as { steps: Record<string, { text?: string; options?: unknown[] }> };

  // Four options: refused, with the path of the picker.
  const four = structuredClone(flow);
  four.steps.reason!.options!.push({ id: 'other', label: 'Something else', next: 'human' });
  await editor.fill(JSON.stringify(four, null, 2));
  const problems = page.getByRole('list', { name: 'Problems in the flow' });
  await problems.getByText('must have 2 or 3 options, got 4').waitFor();
  assert.equal(await problems.getByRole('listitem').count(), 1);
  assert.equal(await problems.locator('code').first().textContent(), 'steps.reason.options');
  assert.match((await status.textContent())!, /1 problem/);
  assert.equal(await editor.getAttribute('aria-invalid'), 'true');
  assert.ok(await run.isDisabled(), 'an invalid flow cannot be run');

  // Broken JSON: the problem says where.
  await editor.fill('{ "id": "x", ');
  await problems.getByText(/Not valid JSON/).waitFor();
  assert.match((await problems.locator('code').first().textContent())!, /^line 1, column \d+$|^JSON$/);

  // The fixed flow (three options, a new greeting) runs in the widget.
  const fixed = structuredClone(flow);
  fixed.steps.hello!.text = 'Hello from the edited flow! What happened with your order?';
  await editor.fill(JSON.stringify(fixed, null, 2));
  await status.getByText('Valid flow “returns-and-refunds”').waitFor();
  assert.equal(await problems.getByRole('listitem').count(), 0);
  await run.click();
  const log = chat.getByRole('log');
  await log.getByText('Hello from the edited flow!').waitFor();
  assert.equal(await log.getByText('Hi! I can help with returns and refunds.').count(), 0, 'the new run starts a new conversation');

  await chat.getByRole('textbox', { name: 'Message' }).fill("I changed my mind about the jacket, it doesn't fit");
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await log.getByText(/you changed your mind about the jacket/i).waitFor();
  await chat.getByRole('button', { name: "Yes, that's right" }).click();
  await log.getByText('No problem — unused items can come back within 30 days.').waitFor();
  await chat.getByRole('radiogroup', { name: 'How would you like to send it back?' }).getByRole('radio', { name: 'Email me a return label' }).click();
  await log.getByText('print the label and post the parcel').waitFor();
  await log.getByText('Emailed you a prepaid return label').waitFor();
  await chat.getByRole('button', { name: '5 stars' }).waitFor();
});
