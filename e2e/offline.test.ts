// The browser goes offline mid-conversation (playwright `context.setOffline`): the widget
// says so, new messages wait as pending, and everything is delivered once, in order,
// when the network is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHarness } from './harness.js';
import { serveWidget } from './widget-files.js';

const h = await createHarness();

test('offline: status shows offline, messages stay pending, nothing is lost or doubled after the network returns', async () => {
  // node:http ignores the handler's promise; the handler ends every response itself.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  const statics = createServer(async (req, res) => {
    if (await serveWidget(req.url ?? '/', res)) return;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Offline</title>
<script type="module" src="/attune-widget.js"></script></head>
<body><attune-chat mode="inline" endpoint="${h.server.url}" storage="local"></attune-chat></body></html>`);
  });
  await new Promise<void>((resolve) => statics.listen(0, '127.0.0.1', resolve));
  await h.allowOrigin(`http://127.0.0.1:${(statics.address() as AddressInfo).port}`);
  // Refused requests while offline are expected on the console.
  h.allow(/Failed to load resource|net::ERR_INTERNET_DISCONNECTED|ERR_NETWORK|Failed to fetch/);
  try {
    const context = await h.context();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(statics.address() as AddressInfo).port}/`);
    const chat = page.locator('attune-chat');
    const status = chat.locator('[part="status"]');
    const box = chat.getByRole('textbox', { name: 'Message' });
    await page.waitForFunction(
      () => document.querySelector('attune-chat')?.shadowRoot?.querySelector('[part="status"]')?.getAttribute('data-status') === 'open',
    );

    const marker = `offline-${Date.now()}`;
    await box.fill(marker);
    await box.press('Enter');
    const id = await h.conversationId(marker);

    await context.setOffline(true);
    await page.waitForFunction(
      () => document.querySelector('attune-chat')?.shadowRoot?.querySelector('[part="status"]')?.getAttribute('data-status') === 'offline',
    );
    assert.ok((await status.textContent())!.trim().length > 0, 'the status is put in words');
    const queued = ['first while offline', 'second while offline', 'third while offline'];
    for (const text of queued) {
      await box.fill(text);
      await box.press('Enter');
    }
    await chat.getByRole('log').getByText(queued[2]!).waitFor();
    const pending = chat.locator('[part="message-status"][data-status="pending"]');
    assert.equal(await pending.count(), 3, 'three messages wait as pending');
    // An agent reply written meanwhile must arrive too.
    const reply = await h.agentFetch(`/agent/conversations/${id}/events`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Agent reply sent while you were offline' }),
    });
    assert.equal(reply.status, 200);
    await page.waitForTimeout(500);
    assert.equal(await chat.getByRole('log').getByText('Agent reply sent while you were offline').count(), 0);

    await context.setOffline(false);
    await page.waitForFunction(
      () => document.querySelector('attune-chat')?.shadowRoot?.querySelector('[part="status"]')?.getAttribute('data-status') === 'open',
      undefined,
      { timeout: 15_000 },
    );
    await chat.getByRole('log').getByText('Agent reply sent while you were offline').waitFor({ timeout: 15_000 });
    for (let i = 0; i < 300 && (await chat.locator('[part="message-status"]').count()) > 0; i++) await page.waitForTimeout(50);
    assert.equal(await chat.locator('[part="message-status"]').count(), 0, 'every message shows as sent');

    const stored = (await h.server.conversation(id)).events.filter((e) => e.type === 'text' && e.from === 'customer').map((e) => (e as { text: string }).text);
    assert.deepEqual(stored, [marker, ...queued], 'each message stored once, in order');
    for (const text of [marker, ...queued]) assert.equal(await chat.getByRole('log').getByText(text).count(), 1, `"${text}" shown once`);
  } finally {
    await new Promise((resolve) => statics.close(resolve));
  }
});
