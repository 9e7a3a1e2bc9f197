import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { registerMessages } from '@attune/core';
import type { Conversation, Message } from '@attune/core';
import type { ScriptedTransport } from '@attune/core/testing';
import { ar } from '@attune/core/i18n/ar';
import { he } from '@attune/core/i18n/he';
import '../src/index.js';
import type { AttuneChat, AttuneMessageList } from '../src/index.js';
import { activeElement, deep, demo, emulateMedia, scripted, sendKeys, setViewport, until } from './helpers.js';

before(() => emulateMedia({ reducedMotion: 'reduce' }));
afterEach(async () => {
  fixtureCleanup();
  await setViewport({ width: 1280, height: 800 });
  await emulateMedia({ colorScheme: 'light' });
});

/** Every element of a widget, through its shadow roots, in document order. */
function everything(root: Element): Element[] {
  const out: Element[] = [root];
  const walk = (node: Element | ShadowRoot) => {
    for (const child of node.children) {
      out.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  if (root.shadowRoot) walk(root.shadowRoot);
  return out;
}

/** One of each kind of content, so every part of the widget is on screen. */
function fill(conversation: Conversation, transport: ScriptedTransport): void {
  transport.emit({ type: 'text', id: 'a1', at: 1000, from: 'agent', name: 'Ana Lima', text: 'Hi! What is going on? https://example.com/help' });
  const mine = conversation.send('My order is late');
  transport.emit({
    type: 'echo',
    id: 'e1',
    at: 2000,
    about: mine,
    text: 'So your order is late. Is that right?',
    reflection: 'your order is late',
    state: 'proposed',
  });
  conversation.confirmEcho('e1');
  transport.emit({
    type: 'choice',
    id: 'p1',
    at: 3000,
    prompt: 'What would help most?',
    options: [
      { id: 'a', label: 'Send a replacement' },
      { id: 'b', label: 'Refund me', description: 'Back to your card' },
    ],
  });
  transport.emit({
    type: 'recap',
    id: 'r1',
    at: 4000,
    understood: 'Your order is late',
    done: ['Checked it'],
    nextStep: { who: 'We', what: 'ship it', when: 'today' },
    resolved: false,
    care: 'Take care.',
  });
  transport.emit({ type: 'csat', id: 's1', at: 5000, prompt: 'How did we do?', scale: 5 });
}

// Every inherited CSS property a host page can set, with a value no widget wants.
// (color-scheme is left out on purpose: following the page's declared scheme is a feature.)
const hostile = `
  color: rgb(255, 0, 0); font: italic small-caps 700 22px/3 "Comic Sans MS", cursive; letter-spacing: 4px;
  word-spacing: 12px; text-align: center; text-align-last: right; text-transform: uppercase; text-indent: 40px;
  text-shadow: 2px 2px red; white-space: pre; word-break: break-all; overflow-wrap: anywhere; line-break: anywhere;
  hyphens: auto; tab-size: 20; font-kerning: none; font-feature-settings: "smcp"; font-variant-numeric: slashed-zero;
  font-stretch: condensed; font-synthesis: none; font-optical-sizing: none; font-size-adjust: 0.9;
  font-variation-settings: "wght" 900; text-rendering: optimizeLegibility; -webkit-font-smoothing: none;
  text-underline-offset: 6px; text-underline-position: under; text-decoration-skip-ink: none;
  text-emphasis: filled red; text-wrap: balance; writing-mode: horizontal-tb; text-orientation: upright;
  cursor: wait; caret-color: red; accent-color: red; list-style: square inside; quotes: "«" "»";
  border-collapse: collapse; border-spacing: 10px; empty-cells: hide; caption-side: bottom;
  -webkit-text-fill-color: red; -webkit-text-stroke: 1px red; paint-order: stroke; fill: red; stroke: red;
  stroke-width: 5px; image-rendering: pixelated; orphans: 9; widows: 9; -webkit-tap-highlight-color: red;
  -webkit-text-size-adjust: 200%; ruby-position: under; font-palette: dark; math-depth: 3; word-wrap: anywhere;
  -webkit-hyphenate-character: "~"; -webkit-line-break: anywhere; -webkit-user-modify: read-write-plaintext-only;
  user-select: none; -webkit-user-select: none; -webkit-rtl-ordering: visual; -webkit-highlight: x;
`;

describe('a hostile host page', () => {
  it('changes no computed style anywhere in the widget, for every inherited property', async function () {
    this.timeout(30000);
    const style = document.createElement('style');
    style.textContent = `.hostile { ${hostile} }`;
    document.head.append(style);
    const wrap = await fixture<HTMLDivElement>(
      html`<div style="display:flex;gap:0">
        <div style="inline-size:420px"><attune-chat mode="inline" style="height:900px" id="clean"></attune-chat></div>
        <div style="inline-size:420px" class="hostile"><attune-chat mode="inline" style="height:900px" id="hostile"></attune-chat></div>
      </div>`,
    );
    try {
      const [clean, bad] = [wrap.querySelector<AttuneChat>('#clean')!, wrap.querySelector<AttuneChat>('#hostile')!];
      for (const el of [clean, bad]) {
        const { conversation, transport } = scripted();
        el.conversation = conversation;
        fill(conversation, transport);
      }
      await until(() => deep(bad, 'attune-message-list', 'attune-csat', 'button'), 'every part rendered', 300);
      const a = everything(clean);
      const b = everything(bad);
      expect(b.length, 'same elements').to.equal(a.length);
      expect(getComputedStyle(b[0]!.parentElement!).textTransform, 'the page really is hostile').to.equal('uppercase');
      const differences: string[] = [];
      a.forEach((node, i) => {
        const other = b[i]!;
        const [x, y] = [getComputedStyle(node), getComputedStyle(other)];
        for (const prop of x) {
          if (x.getPropertyValue(prop) !== y.getPropertyValue(prop))
            differences.push(`${node.localName}[part=${node.getAttribute('part') ?? ''}] ${prop}: ${x.getPropertyValue(prop)} ≠ ${y.getPropertyValue(prop)}`);
        }
      });
      expect(differences.slice(0, 40).join('\n')).to.equal('');
      await expect(bad).to.be.accessible();
    } finally {
      style.remove();
    }
  });
});

describe('phones', () => {
  it('composer text is ≥ 16 px (no iOS zoom) and every button is ≥ 44 × 44 px', async () => {
    await setViewport({ width: 390, height: 844 });
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneChat>(html`<attune-chat open .conversation=${conversation}></attune-chat>`);
    fill(conversation, transport);
    transport.emit({
      type: 'choice',
      id: 'p2',
      at: 6000,
      prompt: 'Anything else?',
      options: [
        { id: 'y', label: 'Yes' },
        { id: 'n', label: 'No' },
      ],
    });
    const list = deep<AttuneMessageList>(el, 'attune-message-list')!;
    await until(() => deep(list, 'attune-option-picker:last-of-type', 'button'), 'picker');
    const textarea = deep<HTMLTextAreaElement>(el, 'attune-composer', 'textarea')!;
    expect(parseFloat(getComputedStyle(textarea).fontSize)).to.be.at.least(16);
    const panel = deep(el, '[part=panel]')!.getBoundingClientRect();
    expect([panel.left, panel.top, panel.width, panel.height]).to.deep.equal([0, 0, 390, 844]);
    const small = everything(el)
      .filter((n): n is HTMLButtonElement => n instanceof HTMLButtonElement && n.getClientRects().length > 0)
      .map((b) => ({ b, r: b.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ b, r }) => `${b.getAttribute('part') ?? b.textContent?.trim()} ${r.width}×${r.height}`);
    expect(small).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('the desktop composer is ≥ 16 px too, and the close and send buttons are 44 px', async () => {
    const el = await fixture<AttuneChat>(html`<attune-chat open .conversation=${scripted().conversation}></attune-chat>`);
    expect(parseFloat(getComputedStyle(deep(el, 'attune-composer', 'textarea')!).fontSize)).to.be.at.least(16);
    for (const part of ['[part=close]']) expect(deep(el, part)!.getBoundingClientRect().height).to.equal(44);
    expect(deep(el, 'attune-composer', '[part=send]')!.getBoundingClientRect().height).to.equal(44);
  });
});

describe('timestamps and the agent', () => {
  it('groups messages: one name and avatar per agent group, one localised time per group with the full time in title', async () => {
    const now = Date.now();
    const messages: Message[] = [
      { kind: 'text', id: '1', at: now - 4 * 60_000, from: 'agent', name: 'Ana Lima', text: 'Hi!', status: 'sent' },
      { kind: 'text', id: '2', at: now - 4 * 60_000 + 5000, from: 'agent', name: 'Ana Lima', text: 'How can I help?', status: 'sent' },
      { kind: 'text', id: '3', at: now - 10_000, from: 'customer', text: 'My parcel is late', status: 'sent' },
      { kind: 'text', id: '4', at: now - 5000, from: 'agent', text: 'Let me check.', status: 'sent' },
    ];
    const el = await fixture<AttuneMessageList>(
      html`<attune-message-list agent-avatar="data:image/gif;base64,R0lGODlhAQABAAAAACw=" agent-name="Ana" .messages=${messages}></attune-message-list>`,
    );
    const root = el.shadowRoot!;
    const senders = [...root.querySelectorAll('[part=sender]')].map((s) => s.textContent);
    expect(senders).to.deep.equal(['Ana Lima', 'Ana']);
    expect(root.querySelectorAll('[part=agent-avatar] img')).to.have.length(2);
    const times = [...root.querySelectorAll('time[part=time]')];
    expect(times.map((t) => t.textContent)).to.deep.equal(['3 min. ago', 'Just now', 'Just now']);
    expect(times[0]!.getAttribute('datetime')).to.equal(new Date(messages[1]!.at).toISOString());
    expect(times[0]!.getAttribute('title')).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'full', timeStyle: 'short' }).format(messages[1]!.at));
    await expect(el).to.be.accessible();

    el.locale = 'es';
    await el.updateComplete;
    expect([...root.querySelectorAll('time[part=time]')].map((t) => t.textContent)).to.deep.equal(['hace 3 min', 'Ahora', 'Ahora']);
  });

  it('takes initials from the name, not from an aside in brackets or punctuation', async () => {
    const text = (id: string, name: string): Message => ({ kind: 'text', id, at: Date.now(), from: 'agent', name, text: 'Hello', status: 'sent' });
    const el = await fixture<AttuneMessageList>(
      html`<attune-message-list .messages=${[text('1', 'Sam (demo agent)'), text('2', 'Customer'), text('3', 'Ana María López')]}></attune-message-list>`,
    );
    // Each message is its own group: a customer-less run of agents with different names.
    const initials = [...el.shadowRoot!.querySelectorAll('[part=agent-avatar]')].map((a) => a.textContent?.trim());
    expect(initials).to.deep.equal(['S', 'C', 'AM']);
  });

  it('says "Support" only when nothing is known about the agent, and no avatar then', async () => {
    const el = await fixture<AttuneMessageList>(
      html`<attune-message-list .messages=${[{ kind: 'text', id: '1', at: Date.now(), from: 'agent', text: 'Hi!', status: 'sent' }]}></attune-message-list>`,
    );
    expect(el.shadowRoot!.querySelector('[part=sender]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part=bubble] .sr')!.textContent).to.equal('Support: ');
  });

  it('renders pickers and echoes the conversation moved past as closed', async () => {
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneMessageList>(html`<attune-message-list .conversation=${conversation}></attune-message-list>`);
    transport.emit({
      type: 'choice',
      id: 'p1',
      prompt: 'Pick one',
      options: [
        { id: 'a', label: 'A' },
        { id: 'b', label: 'B' },
      ],
    });
    const picker = await until(() => deep(el, 'attune-option-picker'), 'picker');
    await until(() => deep(picker, 'button'), 'buttons');
    expect(deep<HTMLButtonElement>(picker, 'button')!.disabled).to.equal(false);
    conversation.send('Actually, something else');
    await until(() => deep<HTMLButtonElement>(picker, 'button')?.disabled, 'closed picker');
    expect(picker.hasAttribute('closed')).to.equal(true);
    await expect(el).to.be.accessible();
    conversation.dispose();
  });
});

describe('right-to-left', () => {
  before(() => {
    registerMessages('ar', ar);
    registerMessages('he', he);
  });

  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    for (const [locale, pageDir] of [
      ['ar', 'ltr'],
      ['he', 'ltr'],
      ['en', 'rtl'],
      ['ar', 'rtl'],
    ] as const) {
      it(`${label}: locale="${locale}" on a ${pageDir} page keeps the panel on screen, at the widget's own inline end`, async () => {
        await setViewport(viewport);
        document.documentElement.dir = pageDir;
        try {
          const el = await fixture<AttuneChat>(html`<attune-chat locale=${locale} open .conversation=${scripted().conversation}></attune-chat>`);
          await el.updateComplete;
          const panel = deep(el, '[part=panel]')!;
          const rtl = locale !== 'en';
          expect(getComputedStyle(panel).direction).to.equal(rtl ? 'rtl' : 'ltr');
          const box = panel.getBoundingClientRect();
          expect(box.left, 'left edge on screen').to.be.at.least(0);
          expect(box.right, 'right edge on screen').to.be.at.most(innerWidth);
          const launcher = deep(el, '[part=launcher]')!.getBoundingClientRect();
          if (label === 'desktop') {
            // The launcher and the panel sit in the corner at the end of the widget's own direction.
            if (rtl) expect(launcher.left).to.be.lessThan(innerWidth / 2);
            else expect(launcher.right).to.be.greaterThan(innerWidth / 2);
            expect(Math.abs(rtl ? box.left - launcher.left : box.right - launcher.right)).to.be.lessThan(1);
          }
          if (rtl) expect(deep(el, '[part=heading]')!.textContent).to.equal(locale === 'ar' ? 'الدعم' : 'תמיכה');
          await expect(el).to.be.accessible();
        } finally {
          document.documentElement.removeAttribute('dir');
        }
      });
    }
  }
});

describe('dark mode', () => {
  const bg = (el: AttuneChat) => getComputedStyle(deep(el, '[part=panel]')!).backgroundColor;
  it('theme="auto" on a page that declares color-scheme: light stays light in a dark OS', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    document.documentElement.style.colorScheme = 'light';
    try {
      const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" theme="auto" .conversation=${scripted().conversation}></attune-chat>`);
      expect(bg(el)).to.equal('rgb(255, 255, 255)');
      await expect(el).to.be.accessible();
    } finally {
      document.documentElement.style.colorScheme = '';
    }
  });
  it('follows <meta name="color-scheme" content="dark"> in a light OS, and the OS when the page declares both', async () => {
    const meta = document.createElement('meta');
    meta.name = 'color-scheme';
    meta.content = 'dark';
    document.head.append(meta);
    try {
      const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${scripted().conversation}></attune-chat>`);
      expect(bg(el)).to.equal('rgb(23, 24, 28)');
      await expect(el).to.be.accessible();
      meta.content = 'light dark';
      el.requestUpdate();
      await el.updateComplete;
      expect(bg(el)).to.equal('rgb(255, 255, 255)');
      await emulateMedia({ colorScheme: 'dark' });
      expect(bg(el)).to.equal('rgb(23, 24, 28)');
      el.theme = 'light';
      await el.updateComplete;
      expect(bg(el), 'an explicit theme wins').to.equal('rgb(255, 255, 255)');
    } finally {
      meta.remove();
    }
  });
});

describe('typed replies', () => {
  it('typing "yes" confirms the echo and typing an option\'s number chooses it, like clicks', async () => {
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${conversation}></attune-chat>`);
    const field = deep<HTMLTextAreaElement>(el, 'attune-composer', 'textarea')!;
    const heard: string[] = [];
    el.addEventListener('attune-echo-confirm', (e) => heard.push(`confirm ${e.detail.echoId}`));
    el.addEventListener('attune-choose', (e) => heard.push(`choose ${e.detail.pickerId} ${e.detail.optionId} ${e.detail.label}`));
    const mine = conversation.send('My parcel is late');
    transport.emit({ type: 'echo', id: 'e1', about: mine, text: 'So your parcel is late. Right?', reflection: 'your parcel is late', state: 'proposed' });
    const list = deep(el, 'attune-message-list')!;
    await until(() => deep(list, 'attune-echo', '[part~=confirm]'), 'echo');
    field.focus();
    await sendKeys({ type: 'yes' });
    await sendKeys({ press: 'Enter' });
    await until(() => deep(list, 'attune-echo', '[part=echo-result]'), 'echo settled');
    expect(transport.sent.map((e) => e.type)).to.deep.equal(['message', 'echo.confirm']);
    transport.emit({
      type: 'choice',
      id: 'p1',
      prompt: 'What would help?',
      options: [
        { id: 'a', label: 'Send a replacement' },
        { id: 'b', label: 'Refund me' },
      ],
    });
    await until(() => deep(list, 'attune-option-picker', '[part~=option]'), 'picker');
    await sendKeys({ type: 'Refund me' });
    await sendKeys({ press: 'Enter' });
    await until(() => deep(list, 'attune-option-picker', '[part~=chosen]'), 'chosen');
    expect(deep(list, 'attune-option-picker', '[part~=chosen]')!.textContent).to.contain('Refund me');
    expect(transport.sent.at(-1)).to.include({ type: 'choose', pickerId: 'p1', optionId: 'b' });
    // Hosts hear a typed answer as they hear a click.
    expect(heard).to.deep.equal(['confirm e1', 'choose p1 b Refund me']);
    expect(field.value).to.equal('');
    expect(activeElement()).to.equal(field);
    await expect(el).to.be.accessible();
    conversation.dispose();
  });
});

describe('unread badge', () => {
  it('counts agent messages while the panel is closed, fires attune-unread, and clears when opened', async () => {
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneChat>(html`<attune-chat .conversation=${conversation}></attune-chat>`);
    const counts: number[] = [];
    el.addEventListener('attune-unread', (e) => counts.push(e.detail.count));
    const launcher = deep(el, '[part=launcher]')!;
    expect(deep(el, '[part=badge]')).to.equal(null);
    transport.emit({ type: 'text', id: 'a1', from: 'agent', text: 'Hi there!' });
    transport.emit({ type: 'text', id: 'a2', from: 'agent', text: 'Anything I can help with?' });
    const badge = await until(() => deep(el, '[part=badge]')?.textContent === '2' && deep(el, '[part=badge]'), 'badge 2');
    expect(badge.getAttribute('aria-hidden')).to.equal('true');
    expect(launcher.getAttribute('aria-label')).to.equal('Open support chat (2 unread messages)');
    await expect(el).to.be.accessible();
    await el.toggle(true);
    await el.updateComplete;
    expect(deep(el, '[part=badge]')).to.equal(null);
    await until(() => counts.at(-1) === 0, 'attune-unread 0');
    // One event per change of the count (two arrivals in one update may be reported as one).
    expect(counts.at(-1)).to.equal(0);
    expect(counts).to.include(2);
    expect(counts.every((n, i) => i === 0 || n !== counts[i - 1])).to.equal(true);
    conversation.dispose();
  });
});

describe('errors for the right audience', () => {
  it('an endpoint that refuses connections: attune-error once, a calm retrying line, a console warning with the cause', async function () {
    this.timeout(30000);
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      // Port 1 on loopback: nothing listens there, so every connection is refused.
      const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" endpoint="http://127.0.0.1:1"></attune-chat>`);
      const errored = await oneEvent(el, 'attune-error');
      expect(errored.detail.error.code).to.match(/^transport\//);
      expect(errored.detail.error.retryable).to.equal(true);
      const notice = await until(() => deep(el, '[part=notice]'), 'calm notice');
      expect(notice.textContent).to.contain("We'll keep trying");
      expect(deep(el, '[part=status]')!.textContent).to.equal('Offline');
      expect(warnings.map((w) => String(w[0])).join('\n')).to.contain('cannot reach http://127.0.0.1:1');
      expect(deep(el, '[part=error]'), 'no developer error box for customers').to.equal(null);
      await expect(el).to.be.accessible();
    } finally {
      console.warn = original;
    }
  });
});

describe('after the end', () => {
  it('offers a new conversation, which starts fresh', async () => {
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline"></attune-chat>`);
    const composer = () => deep(el, 'attune-composer') as HTMLElement & { conversation: Conversation };
    await until(() => composer().conversation, 'own conversation');
    const first = composer().conversation;
    first.end();
    const restart = await until(() => deep(el, '[part=new-conversation]'), 'new conversation button', 300);
    expect(restart.textContent).to.equal('Start a new conversation');
    await expect(el).to.be.accessible();
    restart.click();
    await until(() => composer().conversation && composer().conversation !== first, 'a new conversation');
    expect(first.getSnapshot().status).to.equal('closed');
    expect(deep(el, '[part=new-conversation]')).to.equal(null);
  });
  it('never replaces a conversation it was given', async () => {
    const conversation = demo();
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${conversation}></attune-chat>`);
    conversation.end();
    await until(() => conversation.getSnapshot().messages.length > 1, 'ended');
    await el.updateComplete;
    expect(deep(el, '[part=new-conversation]')).to.equal(null);
    conversation.dispose();
  });
});

describe('server mode before the server speaks', () => {
  it('greets instead of showing an empty panel', async () => {
    const { conversation } = scripted();
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${conversation}></attune-chat>`);
    const empty = deep(el, 'attune-message-list', '[part=empty]')!;
    // The list's empty slot receives the chat's own slot, whose fallback is the greeting.
    const passed = deep<HTMLSlotElement>(el, 'slot[name=empty]')!;
    expect(passed.assignedNodes().length, 'nothing slotted by the page').to.equal(0);
    expect(passed.textContent).to.equal('Hi! How can we help today?');
    const range = document.createRange();
    range.selectNodeContents(passed);
    expect(range.getBoundingClientRect().height, 'the greeting is rendered').to.be.greaterThan(10);
    expect(empty.getBoundingClientRect().height).to.be.greaterThan(30);
    conversation.dispose();
  });
});
