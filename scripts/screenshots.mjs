// Screenshots of every example into docs/images/ (used by the README). Needs the builds
// (`npm start` or `npm test` made them) and a Chromium (CHROME_PATH or /usr/bin/chromium):
//   node --conditions=@attune/source --import tsx scripts/screenshots.mjs
// tsx is needed because the reference server is TypeScript run from source.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer, hashPassword, openAiCompatibleAgent } from '../packages/server/src/index.ts';
import { scriptedModel } from '../examples/server/scripted-model.mjs';
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

await mkdir(out, { recursive: true });
const dataDir = await mkdtemp(path.join(tmpdir(), 'attune-shots-'));
// The site's origin is known once it runs: the server restarts on its port allowing it.
const agents = [{ login: 'demo', name: 'Sam', passwordHash: await hashPassword('demo-password') }];
let server = await createServer({ port: 0, dataDir, agents });
// The AI agent demo's server, with the scripted model (no key).
const aiAgent = openAiCompatibleAgent({
  baseURL: 'http://scripted-model.invalid/v1',
  model: 'scripted-demo',
  name: 'Assistant (scripted model)',
  fetch: scriptedModel({ delayMs: 10 }),
});
let ai = await createServer({ port: 0, dataDir: path.join(dataDir, 'ai'), agent: aiAgent });
const site = await startSite({ port: 0, serverUrl: server.url, ai: { url: ai.url, model: null } });
const serverPort = server.port;
const aiPort = ai.port;
await server.close();
await ai.close();
server = await createServer({ port: serverPort, dataDir, agents, allowedOrigins: [new URL(site.url).origin] });
ai = await createServer({ port: aiPort, dataDir: path.join(dataDir, 'ai'), agent: aiAgent, allowedOrigins: [new URL(site.url).origin] });
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args });
const problems = [];

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  // The console's deliberate four-option refusal is an HTTP 400, which Chrome logs.
  page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && problems.push(`${page.url()}: ${m.text()}`));
  return page;
}
async function shot(page, name, options = {}) {
  // Let transitions and the typing indicator settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(out, name), ...options });
  console.log(`docs/images/${name}`);
}

try {
  // Script tag: the launcher closed, then open mid-conversation (the option picker).
  let page = await newPage();
  await page.goto(`${site.url}/`);
  await shot(page, 'example-index.png');
  await page.goto(`${site.url}/vanilla/`);
  await shot(page, 'example-vanilla-closed.png');
  let chat = page.locator('attune-chat');
  await chat.getByRole('button', { name: 'Open support chat' }).click();
  await chat.getByRole('textbox', { name: 'Message' }).fill("My parcel still hasn't arrived and I'm really annoyed");
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await chat.getByRole('button', { name: "Yes, that's right" }).click();
  await chat.getByRole('radiogroup').waitFor();
  await shot(page, 'example-vanilla-open.png');

  // React: the custom UI from hooks, through the recap and the rating.
  page = await newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${site.url}/react/#/custom`);
  await page.getByText("Hi! I'm here to help. What's going on?").waitFor();
  await page.getByRole('textbox', { name: 'Message' }).fill("I was charged twice for my order and I'm worried");
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await page.getByRole('button', { name: "Yes, that's right" }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Order 10452');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await page.getByRole('region', { name: 'Summary' }).waitFor();
  await page.getByRole('button', { name: '5 stars' }).click();
  await page.getByText('Thanks for your feedback!').first().waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'example-react-custom.png');

  // Flow editor with an error: a picker with four options.
  page = await newPage();
  await page.setViewportSize({ width: 1280, height: 960 });
  await page.goto(`${site.url}/custom-flow/`);
  const editor = page.getByRole('textbox', { name: 'returns-flow.json' });
  await page.locator('#flow-status[data-state="valid"]').waitFor();
  await page.locator('attune-chat').getByText('Hi! I can help with returns and refunds.').waitFor();
  await page.locator('attune-chat').getByRole('textbox', { name: 'Message' }).fill('The lamp I ordered arrived broken');
  await page.locator('attune-chat').getByRole('textbox', { name: 'Message' }).press('Enter');
  await page.locator('attune-chat').getByRole('button', { name: "Yes, that's right" }).waitFor();
  const flow = JSON.parse(await editor.inputValue());
  flow.steps.reason.options.push({ id: 'other', label: 'Something else', next: 'human' });
  await editor.fill(JSON.stringify(flow, null, 2));
  await page.locator('#problems li').first().waitFor();
  // Scroll the editor to the picker that broke.
  await editor.evaluate((el) => {
    const line = el.value.slice(0, el.value.indexOf('Something else')).split('\n').length;
    el.scrollTop = Math.max(0, line * parseFloat(getComputedStyle(el).lineHeight) - el.clientHeight / 2);
  });
  await page.evaluate(() => window.scrollTo(0, 180));
  await shot(page, 'example-flow-editor.png');

  // AI agent (scripted model): the model apologises every turn, the widget shows one apology.
  page = await newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${site.url}/ai-agent/`);
  chat = page.locator('attune-chat');
  await chat.getByRole('textbox', { name: 'Message' }).fill("My parcel still hasn't arrived and I'm really annoyed");
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await chat.getByText('What is your order number?').waitFor();
  await chat.getByRole('textbox', { name: 'Message' }).fill('It is order 48213');
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await chat.getByRole('radiogroup').waitFor();
  await shot(page, 'example-ai-agent.png');

  // Server: a customer on the widget, the agent console with agent-assist.
  const customer = await newPage();
  await customer.goto(`${site.url}/server-demo/`);
  chat = customer.locator('attune-chat');
  await chat.getByRole('textbox', { name: 'Message' }).fill("I was charged twice for my order and I'm really annoyed about it");
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  const agent = await newPage();
  await agent.setViewportSize({ width: 1280, height: 1020 });
  await agent.goto(`${server.url}/console`);
  await agent.getByRole('navigation', { name: 'Conversations' }).getByRole('button').first().click();
  await agent.locator('#echo-reflection').evaluate(
    (el) =>
      new Promise((resolve) => {
        const check = () => (el.value ? resolve() : setTimeout(check, 50));
        check();
      }),
  );
  await agent.getByRole('button', { name: 'Send as echo' }).click();
  await chat.getByRole('button', { name: "Yes, that's right" }).click();
  await agent.getByText('Echo · confirmed').waitFor();
  await agent.getByRole('textbox', { name: 'Reply' }).fill("Sorry about that — I'll refund the extra charge within 3 days.");
  await agent.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await chat.getByText("I'll refund the extra charge within 3 days.", { exact: false }).waitFor();
  await agent.getByRole('textbox', { name: 'Options, one per line (two or three)' }).fill('Refund to my card\nStore credit\nA gift card\nSomething else');
  await agent.getByRole('button', { name: 'Send options' }).click();
  await agent
    .locator('#pick-error')
    .getByText(/options\/count/)
    .waitFor();
  await shot(agent, 'example-agent-console.png');
  await agent.getByRole('textbox', { name: 'Options, one per line (two or three)' }).fill('Refund to my card\nStore credit');
  await agent.getByRole('button', { name: 'Send options' }).click();
  await chat.getByRole('radio', { name: 'Refund to my card' }).click();
  await shot(customer, 'example-server-demo.png');
} finally {
  await browser.close();
  await site.close();
  await server.close();
  await ai.close();
  await rm(dataDir, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`The pages logged errors:\n${problems.join('\n')}`);
  process.exitCode = 1;
}
