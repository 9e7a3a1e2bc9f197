// Screenshots of whole conversations with the in-page agent, one per kind of customer
// (angry, anxious, sarcastic), into docs/images/conversation-*.png. Needs the builds
// (`npm start` or `npm test` made them) and a Chromium (CHROME_PATH or /usr/bin/chromium):
//   node scripts/conversation-screenshots.mjs
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startSite } from './serve.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'docs/images');
const args = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Each turn: text to send, or a button to press; `wait` is text that shows the agent answered. */
const conversations = {
  angry: [
    {
      say: "THIS IS RIDICULOUS. My order STILL hasn't arrived and it's been two weeks!!!",
      wait: /did I get that right|Is that right|is that it|Right\?|got that right/,
    },
    { press: "Yes, that's right", wait: 'What would help most?' },
    { radio: 'Send a replacement', wait: 'How did we do?' },
  ],
  anxious: [
    { say: "I'm really worried, there's a payment on my card I don't recognise and my rent goes out tomorrow", wait: /right\?|is that it|Right\?/ },
    // A payment the customer does not recognise goes to a person at once (the fraud team).
    { press: "Yes, that's right", wait: /bringing in someone from our team/ },
  ],
  sarcastic: [
    { say: 'oh great, my parcel is lost AGAIN. thanks a lot', wait: /right\?|is that it|Right\?/ },
    { press: "Yes, that's right", wait: 'What would help most?' },
    { radio: 'Refund me', wait: 'How did we do?' },
  ],
};

await mkdir(out, { recursive: true });
const site = await startSite({ port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args });
const problems = [];
try {
  for (const [name, turns] of Object.entries(conversations)) {
    const context = await browser.newContext({ viewport: { width: 440, height: 1150 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${name}: ${error.message}`));
    await page.goto(`${site.url}/vanilla/`);
    const chat = page.locator('attune-chat');
    // Inline and tall, so the whole conversation is in one picture.
    await chat.evaluate((el) => {
      el.setAttribute('mode', 'inline');
      Object.assign(el.style, { position: 'fixed', inset: '0 auto auto 0', width: '440px', height: '1150px', zIndex: '10' });
    });
    for (const turn of turns) {
      if (turn.say) {
        await chat.getByRole('textbox', { name: 'Message' }).fill(turn.say);
        await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
      } else if (turn.press) await chat.getByRole('button', { name: turn.press }).last().click();
      else if (turn.radio) await chat.getByRole('radio', { name: turn.radio }).last().click();
      await chat.getByText(turn.wait).last().waitFor();
    }
    await page.waitForTimeout(400);
    await chat.screenshot({ path: path.join(out, `conversation-${name}.png`) });
    console.log(`docs/images/conversation-${name}.png`);
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}
if (problems.length) {
  console.error(`The pages logged errors:\n${problems.join('\n')}`);
  process.exitCode = 1;
}
