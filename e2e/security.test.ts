// The widget on hostile ground, in a real Chromium: the hostile corpus rendered as agent
// and customer text, option labels, recap fields and a flow stays inert text; a host page
// with aggressive CSS and a strict CSP with Trusted Types does not break it; and bad
// configuration never stops the page's own scripts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { createHarness } from './harness.js';
import { serveWidget } from './widget-files.js';
import { EVIL_HOST, HOSTILE_PAYLOADS, SHORT_PAYLOADS, hostileFlowJson } from './hostile-corpus.js';

const h = await createHarness();

export const STRICT_CSP = "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'";

// --- the host pages ---------------------------------------------------------------

/** The page's own script: canaries, a heartbeat that must keep ticking, CSP violations collected. */
const HOST_JS = `
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
window.__ticks = 0;
setInterval(() => window.__ticks++, 20);
window.__clicks = 0;
document.addEventListener('DOMContentLoaded', () => document.getElementById('host-button').addEventListener('click', () => window.__clicks++));
const mode = new URLSearchParams(location.search).get('storage');
if (mode === 'throwing') Storage.prototype.setItem = function () { throw new DOMException('QuotaExceededError', 'QuotaExceededError'); };
if (mode === 'disabled') for (const name of ['localStorage', 'sessionStorage']) Object.defineProperty(window, name, { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
`;

/** Aggressive global CSS: everything unset, huge fonts, !important everywhere, a z-index war. */
const HOST_CSS = `
* { all: unset !important; }
html, body, div, p, header, main, button { display: block !important; }
html { font-size: 64px !important; line-height: 4 !important; color: #f0f !important; font-family: serif !important; letter-spacing: 0.5em !important; }
* { z-index: 2147483647 !important; position: relative !important; box-sizing: content-box !important; text-transform: uppercase !important; }
div, p, button, input, textarea, ul, li { margin: 17px !important; padding: 23px !important; border: 9px dashed lime !important; width: 80vw !important; }
header { position: sticky !important; top: 0 !important; background: yellow !important; height: 60px !important; overflow: hidden !important; }
svg, img { width: 5000px !important; height: 5000px !important; }
button::before, div::after { content: "HOST" !important; }
`;

const page = (body: string, script = '/host.js'): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hostile host</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/host.css"><script src="${script}"></script>
<script type="module" src="/attune-widget.js"></script></head>
<body><header>A host page fighting for the top</header><main><p>Host content</p><button id="host-button" type="button">Host button</button>
${body}</main></body></html>`;

// node:http ignores the handler's promise; the handler ends every response itself.
// eslint-disable-next-line @typescript-eslint/no-misused-promises
const statics = createServer(async (req, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (await serveWidget(url.pathname, res)) return;
  const send = (type: string, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const csp = url.searchParams.has('csp') ? { 'content-security-policy': STRICT_CSP } : undefined;
  const attrs = url.searchParams.get('attrs') ?? '';
  switch (url.pathname) {
    case '/host.js':
      return send('text/javascript', HOST_JS);
    case '/host.css':
      return send('text/css', HOST_CSS);
    case '/hostile-flow.json':
      return send('application/json', hostileFlowJson());
    case '/chat.html':
      return send('text/html', page(`<attune-chat ${attrs}></attune-chat>`), csp);
    case '/bad-config.html':
      return send(
        'text/html',
        page(`<attune-chat id="bad-flow" mode="inline" flow="/missing-flow.json"></attune-chat>
<attune-chat id="bad-json" mode="inline" flow="/host.css"></attune-chat>
<attune-chat id="bad-endpoint" mode="inline" endpoint="http://127.0.0.1:9/attune"></attune-chat>
<attune-chat id="bad-url" mode="inline" endpoint="not a url at all"></attune-chat>
<attune-chat id="stored" mode="inline" storage="local"></attune-chat>`),
        csp,
      );
    default:
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
  }
});
await new Promise<void>((resolve) => statics.listen(0, '127.0.0.1', resolve));
const host = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;
// The hostile host is a customer site of the server like any other.
await h.allowOrigin(host);
after(() => new Promise((resolve) => statics.close(resolve)));

// --- watchers -------------------------------------------------------------------------

interface Watch {
  dialogs: string[];
  evil: string[];
}
/** Records dialogs and every request to a URL from the corpus (evil host, javascript:, data: documents). */
function watch(p: Page): Watch {
  const w: Watch = { dialogs: [], evil: [] };
  p.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  p.on('request', (r) => {
    const url = r.url();
    if (url.includes(EVIL_HOST) || url.startsWith('javascript:') || (url.startsWith('data:') && r.resourceType() !== 'other' && url !== 'data:,'))
      w.evil.push(`${r.resourceType()} ${url.slice(0, 80)}`);
  });
  return w;
}
async function assertInert(p: Page, w: Watch): Promise<void> {
  assert.deepEqual(w.dialogs, [], 'no dialog opened');
  assert.deepEqual(w.evil, [], 'no request to any URL in the payloads');
  assert.equal(await p.evaluate('window.__pwned'), undefined, 'no payload ran');
  // Nothing from the payloads became an element anywhere, in the page or in any shadow root.
  const injected = await p.evaluate(`(() => {
    const found = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        // (svg and form are left out: the widget's own icons and composer use them; their attributes are still checked.)
        if (/^(SCRIPT|IFRAME|OBJECT|EMBED|IMG|META|BASE|LINK|MATH|DETAILS|NOSCRIPT|STYLE|ANIMATE|TEXTAREA|TITLE)$/i.test(el.tagName) && !el.closest('head')) found.push(el.tagName);
        for (const a of el.getAttributeNames()) if (/^on/i.test(a) || /javascript:/i.test(el.getAttribute(a))) found.push(el.tagName + '[' + a + ']');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  })()`);
  assert.deepEqual(
    (injected as string[]).filter((t) => t !== 'TEXTAREA'),
    [],
    'no markup from the payloads',
  );
}
/** The widget's visible box is sane: on screen, not collapsed, not blown up by content. */
async function assertLayout(p: Page, selector = 'attune-chat'): Promise<void> {
  const box = await p.evaluate<{ x: number; y: number; width: number; height: number; vw: number; vh: number }>(`(() => {
    const chat = document.querySelector(${JSON.stringify(selector)});
    const panel = chat.shadowRoot && [...chat.shadowRoot.querySelectorAll('*')].find((el) => el.getAttribute('part') === 'panel' || el.getAttribute('role') === 'dialog' || el.getAttribute('role') === 'log');
    const r = (panel || chat).getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, vw: innerWidth, vh: innerHeight, scrollW: document.documentElement.scrollWidth };
  })()`);
  assert.ok(box.width > 150 && box.width <= box.vw, `width ${box.width} within ${box.vw}`);
  assert.ok(box.height > 100, `height ${box.height}`);
  assert.ok(box.x >= -1 && box.x + box.width <= box.vw + 1, `x ${box.x}`);
}

const conversationWith = (marker: string): Promise<string> => h.conversationId(marker);

// --- tests ----------------------------------------------------------------------------

test('hostile corpus as customer and agent text, option labels and recap fields: rendered inert, as text; layout intact', async () => {
  const p = await h.page();
  const w = watch(p);
  // No CSP on this page: if anything were rendered as HTML, it would run.
  await p.goto(`${host}/chat.html?attrs=${encodeURIComponent(`mode="inline" endpoint="${h.server.url}"`)}`);
  const chat = p.locator('attune-chat');
  const box = chat.getByRole('textbox', { name: 'Message' });
  const marker = `hostile-${Date.now()}`;
  await box.fill(marker);
  await box.press('Enter');
  const id = await conversationWith(marker);
  for (const payload of HOSTILE_PAYLOADS.slice(0, 12)) {
    await box.fill(payload.text);
    await box.press('Enter');
  }
  for (const payload of HOSTILE_PAYLOADS) {
    const res = await h.agentFetch(`/agent/conversations/${id}/events`, { method: 'POST', body: JSON.stringify({ type: 'text', text: payload.text }) });
    assert.equal(res.status, 200);
  }
  const labels = SHORT_PAYLOADS.slice(0, 3).map((x) => x.text);
  assert.equal(
    (
      await h.agentFetch(`/agent/conversations/${id}/events`, {
        method: 'POST',
        body: JSON.stringify({ type: 'choice', prompt: SHORT_PAYLOADS[3]!.text, options: labels }),
      })
    ).status,
    200,
  );
  const recap = {
    type: 'recap',
    understood: SHORT_PAYLOADS[4]!.text,
    done: [SHORT_PAYLOADS[5]!.text],
    nextStep: { who: 'We', what: SHORT_PAYLOADS[6]!.text, when: SHORT_PAYLOADS[7]!.text },
    resolved: false,
  };
  assert.equal((await h.agentFetch(`/agent/conversations/${id}/events`, { method: 'POST', body: JSON.stringify(recap) })).status, 200);

  const log = chat.getByRole('log');
  await log.getByText(recap.nextStep.what, { exact: false }).first().waitFor();
  // Shown as the very characters that were sent.
  for (const payload of [...HOSTILE_PAYLOADS.slice(0, 12), ...SHORT_PAYLOADS.slice(0, 8)]) {
    await log.getByText(payload.text.split('\n')[0]!.slice(0, 40)).first().waitFor({ timeout: 3000 });
  }
  for (const label of labels) await chat.getByRole('radio', { name: label }).waitFor();
  await p.waitForTimeout(300);
  await assertInert(p, w);
  await assertLayout(p);
});

test('markdown under a strict CSP and Trusted Types: the whole corpus as agent text stays inert, and every link shows its real host', async () => {
  const p = await h.page();
  const w = watch(p);
  await p.goto(`${host}/chat.html?csp&attrs=${encodeURIComponent(`mode="inline" endpoint="${h.server.url}"`)}`);
  const chat = p.locator('attune-chat');
  const box = chat.getByRole('textbox', { name: 'Message' });
  const marker = `markdown-${Date.now()}`;
  await box.fill(marker);
  await box.press('Enter');
  const id = await conversationWith(marker);
  const agent = (text: string) => h.agentFetch(`/agent/conversations/${id}/events`, { method: 'POST', body: JSON.stringify({ type: 'text', text }) });
  assert.equal((await agent('**Markdown** works: `code`, *emphasis*, a [link](https://example.com/help) and\n\n- a list')).status, 200);
  for (const payload of HOSTILE_PAYLOADS) assert.equal((await agent(payload.text)).status, 200);
  assert.equal((await agent('The end of the corpus.')).status, 200);
  const log = chat.getByRole('log');
  await log.getByText('The end of the corpus.').waitFor();
  await log.locator('strong', { hasText: 'Markdown' }).waitFor();
  await p.waitForTimeout(300);
  await assertInert(p, w);
  assert.deepEqual(await p.evaluate('window.__violations'), [], 'no securitypolicyviolation events');
  const links = await p.evaluate<{ href: string; text: string }[]>(`(() => {
    const out = [];
    const walk = (root) => {
      for (const a of root.querySelectorAll('a[href]')) out.push({ href: a.href, text: a.textContent });
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return out;
  })()`);
  assert.ok(
    links.some((l) => l.href === 'https://example.com/help' && l.text === 'link'),
    JSON.stringify(links),
  );
  for (const link of links) {
    assert.match(link.href, /^(https?|mailto):/, `link ${link.href}`);
    assert.ok(!/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/u.test(link.text), `no bidi or invisible characters in ${JSON.stringify(link.text)}`);
    // A link may show plain words ("x", "the FAQ"), but any host it shows is the real one.
    if (/[\p{L}\p{N}-]+\.[\p{L}]{2,}/u.test(link.text))
      assert.ok(link.text.includes(new URL(link.href).host), `the link to ${link.href} shows ${JSON.stringify(link.text)}`);
    assert.ok(!link.text.includes('your-bank'), `the link to ${link.href} shows ${JSON.stringify(link.text)}`);
  }
  await assertLayout(p);
});

test('hostile flow JSON (via the flow attribute) renders as text and can be walked through', async () => {
  const p = await h.page();
  const w = watch(p);
  await p.goto(`${host}/chat.html?attrs=${encodeURIComponent('mode="inline" flow="/hostile-flow.json"')}`);
  const flow = JSON.parse(hostileFlowJson()) as { steps: Record<string, { text?: string; prompt?: string; options?: { label: string }[] }> };
  const chat = p.locator('attune-chat');
  const log = chat.getByRole('log');
  await log.getByText(flow.steps.hello!.text!).first().waitFor();
  await log.getByText(flow.steps.__proto__!.text!).first().waitFor();
  // `constructor` is a step id in the hostile flow, not Object.prototype.constructor.
  const options = (flow.steps.constructor as { options?: { label: string }[] }).options!;
  await chat.getByRole('radio', { name: options[1]!.label }).click();
  await log
    .getByText(/evil|pwned|script/i)
    .first()
    .waitFor();
  await p.waitForTimeout(300);
  await assertInert(p, w);
  await assertLayout(p);
});

test('hostile host page with a strict CSP and Trusted Types: the widget opens, sends, echoes and offers a choice; no CSP violation', async () => {
  const p = await h.page();
  const w = watch(p);
  const response = await p.goto(`${host}/chat.html?csp&attrs=${encodeURIComponent('heading="Support"')}`);
  assert.equal(response!.headers()['content-security-policy'], STRICT_CSP);
  assert.equal(await p.evaluate('typeof trustedTypes'), 'object');
  const chat = p.locator('attune-chat');
  await chat.getByRole('button', { name: 'Open support chat' }).click();
  const log = chat.getByRole('log');
  await log.getByText("Hi! I'm here to help. What's going on?").waitFor();
  await chat.getByRole('textbox', { name: 'Message' }).fill("My parcel still hasn't arrived and I'm really annoyed");
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await log.getByText(/your parcel still hasn't arrived/i).waitFor();
  await chat.getByRole('button', { name: "Yes, that's right" }).click();
  await chat.getByRole('radio', { name: 'Send a replacement' }).click();
  await log.getByText('ship a replacement').waitFor();
  await assertLayout(p);
  // The host's fonts did not leak in: the widget's text is a readable size.
  const fontSize = await chat.getByRole('textbox', { name: 'Message' }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(fontSize >= 12 && fontSize <= 24, `composer font size ${fontSize}px`);
  assert.deepEqual(await p.evaluate('window.__violations'), [], 'no securitypolicyviolation events');
  assert.ok((await p.evaluate<number>('window.__ticks')) > 0);
  await assertInert(p, w);
});

for (const storage of ['normal', 'throwing', 'disabled'] as const) {
  test(`bad configuration (missing flow, flow that is not JSON, unreachable and invalid endpoints, ${storage} storage) never stops the page's own scripts`, async () => {
    // The failures themselves are expected on the console: network errors for the missing flow and the endpoint.
    h.allow(/Failed to load resource|ERR_CONNECTION_REFUSED|net::ERR|404|<attune-chat> could not start/);
    const p = await h.page();
    await p.goto(`${host}/bad-config.html?csp&storage=${storage}`);
    const before = await p.evaluate<number>('window.__ticks');
    await p.waitForTimeout(600);
    assert.ok((await p.evaluate<number>('window.__ticks')) > before, 'the page heartbeat keeps ticking');
    await p.locator('#host-button').click();
    assert.equal(await p.evaluate('window.__clicks'), 1, 'the page still handles its own clicks');
    assert.equal(await p.locator('attune-chat').count(), 5);
    assert.deepEqual(await p.evaluate('window.__violations'), []);
  });

  if (storage === 'normal') continue;
  test(`a widget with storage="local" still works when localStorage is ${storage === 'throwing' ? 'throwing on write' : 'disabled'} (it falls back to memory)`, async () => {
    h.allow(/Failed to load resource|ERR_CONNECTION_REFUSED|net::ERR|404|<attune-chat> could not start/);
    const p = await h.page();
    await p.goto(`${host}/bad-config.html?storage=${storage}`);
    const stored = p.locator('#stored');
    await stored.getByRole('log').getByText("Hi! I'm here to help. What's going on?").waitFor({ timeout: 5000 });
    await stored.getByRole('textbox', { name: 'Message' }).fill('Still works?');
    await stored.getByRole('textbox', { name: 'Message' }).press('Enter');
    await stored.getByRole('log').getByText('Still works?').waitFor();
  });
}
