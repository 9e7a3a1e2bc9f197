import { expect, fixture, html } from '@open-wc/testing';
import type { Message, TextMessage } from '@attune/core';
import '../src/define/attune-message-list.js';
import type { AttuneMessageList } from '../src/components/message-list/message-list.component.js';
import { emulateMedia, until } from './helpers.js';

const agent = (text: string, over: Partial<TextMessage> = {}): TextMessage => ({
  kind: 'text',
  id: over.id ?? 'a1',
  from: 'agent',
  text,
  at: 0,
  status: 'sent',
  ...over,
});

async function list(messages: readonly Message[], markdown: 'on' | 'off' = 'on') {
  const el = await fixture<AttuneMessageList>(
    html`<attune-message-list style="block-size: 400px; inline-size: 360px" markdown=${markdown} .messages=${messages}></attune-message-list>`,
  );
  await el.updateComplete;
  // The renderer loads on first use: wait for it when an agent message holds markdown.
  const needs = markdown === 'on' && messages.some((m) => m.kind === 'text' && m.from !== 'customer' && /[*_`[\]#>]/.test(m.text));
  if (needs) await until(() => el.shadowRoot!.querySelector('.md'), 'the markdown renderer');
  return el;
}

const bubble = (el: AttuneMessageList, i = 0) => el.shadowRoot!.querySelectorAll<HTMLElement>('[part=bubble]')[i]!;

before(() => emulateMedia({ reducedMotion: 'reduce' }));

describe('markdown in <attune-message-list>', () => {
  it('renders agent markdown as DOM elements; customer text stays plain', async () => {
    const el = await list([
      agent('**Bold** and *em* and `code`\n\n- one\n- two\n\n1. first\n\n> quoted\n\n```js\nlet a = 1;\n```\n\n[Docs](https://example.com/docs)'),
      { kind: 'text', id: 'c1', from: 'customer', text: '**not bold** https://example.com', at: 0, status: 'sent' },
    ]);
    const b = bubble(el);
    expect(b.querySelector('strong')?.textContent).to.equal('Bold');
    expect(b.querySelector('em')?.textContent).to.equal('em');
    expect(b.querySelector('code[part=code]')?.textContent).to.equal('code');
    expect(b.querySelectorAll('ul > li')).to.have.length(2);
    expect(b.querySelectorAll('ol > li')).to.have.length(1);
    expect(b.querySelector('blockquote')?.textContent).to.contain('quoted');
    expect(b.querySelector('pre[part=code-block]')?.textContent).to.equal('let a = 1;');
    const a = b.querySelector('a')!;
    expect(a.getAttribute('href')).to.equal('https://example.com/docs');
    expect(a.rel).to.equal('noopener noreferrer nofollow');
    expect(a.target).to.equal('_blank');
    const c = bubble(el, 1);
    expect(c.querySelector('strong')).to.equal(null);
    expect(c.textContent).to.contain('**not bold**');
    expect(c.querySelector('a')?.getAttribute('href')).to.equal('https://example.com/');
    await expect(el).to.be.accessible();
  });

  it('markdown="off" shows agent text as plain text with links', async () => {
    const el = await list([agent('**Bold** https://example.com')], 'off');
    expect(bubble(el).querySelector('strong')).to.equal(null);
    expect(bubble(el).textContent).to.contain('**Bold**');
    expect(bubble(el).querySelector('a')?.getAttribute('href')).to.equal('https://example.com/');
  });

  it('keeps every hostile case inert', async () => {
    const hostile = [
      '[x](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '<img src=x onerror="alert(1)">',
      '<script>alert(1)</script>',
      '<a href="javascript:alert(1)">x</a>',
      '![x](https://example.invalid/pixel.png)',
      '<svg onload=alert(1)>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '[x](vbscript:msgbox(1))',
      '`<b>code</b>` and **<i>bold</i>**',
    ];
    let dialogs = 0;
    const original = window.alert;
    window.alert = () => {
      dialogs++;
    };
    try {
      const el = await list(hostile.map((text, i) => agent(text, { id: `h${i}` })));
      await new Promise((r) => setTimeout(r, 50));
      const root = el.shadowRoot!;
      const allowed = new Set(['DIV', 'SPAN', 'P', 'STRONG', 'EM', 'CODE', 'PRE', 'A', 'BR', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'HR', 'BUTTON', 'SLOT']);
      for (const node of root.querySelectorAll('[part=bubble] *')) expect(allowed.has(node.tagName), node.tagName).to.equal(true);
      for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href')).to.match(/^(https?:|mailto:)/);
      expect(root.querySelectorAll('img, script, iframe, svg')).to.have.length(0);
      expect(dialogs).to.equal(0);
      expect(bubble(el, 4).textContent).to.contain('<img src=x onerror="alert(1)">');
    } finally {
      window.alert = original;
    }
  });

  it('a link with bidi overrides or another host in its text shows its real destination', async () => {
    const el = await list([
      agent('https://evil.example/\u202Emoc.knab-ruoy//:sptth', { id: 'b1' }),
      agent('[https://your-bank.com](https://evil.example/login)', { id: 'b2' }),
      agent('[pay\u202Egnp.here](https://evil.example/x)', { id: 'b3' }),
      { kind: 'text', id: 'c1', from: 'customer', text: 'see https://evil.example/\u202Emoc.knab-ruoy//:sptth', at: 0, status: 'sent' },
    ]);
    for (const a of el.shadowRoot!.querySelectorAll('a')) {
      const host = new URL(a.href).host;
      expect(a.textContent).to.contain(host);
      expect(a.textContent).not.to.match(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
      expect(a.textContent).not.to.contain('your-bank');
      expect(a.getAttribute('dir')).to.equal('ltr');
    }
    expect(el.shadowRoot!.querySelectorAll('a')).to.have.length(4);
  });

  it('a 200,000-character word does not freeze the page: cut, with "Show more"', async () => {
    const word = 'a'.repeat(200_000);
    const t = performance.now();
    const el = await list([agent(`Start ${word} end`)]);
    bubble(el).getBoundingClientRect();
    expect(performance.now() - t).to.be.below(1000);
    expect(bubble(el).textContent.length).to.be.below(1000);
    const more = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=show-more]')!;
    expect(more.textContent.trim()).to.equal('Show more');
    more.click();
    await el.updateComplete;
    expect(bubble(el).textContent).to.contain(word);
    expect(el.shadowRoot!.querySelector('[part=show-more]')).to.equal(null);
  });

  it('a streaming reply is busy and silent with a caret, then announced once as a new row', async () => {
    const el = await list([agent('Hello **wor', { streaming: true })]);
    const row = el.shadowRoot!.querySelector('[part~=message]')!;
    expect(row.getAttribute('aria-live')).to.equal('off');
    expect(bubble(el).getAttribute('aria-busy')).to.equal('true');
    expect(bubble(el).querySelector('[part=caret]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    el.messages = [agent('Hello **world** and more', { streaming: true })];
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=message]')).to.equal(row);
    expect(bubble(el).querySelector('strong')?.textContent).to.equal('world');
    el.messages = [agent('Hello **world** and more, done.')];
    await el.updateComplete;
    const done = el.shadowRoot!.querySelector('[part~=message]')!;
    expect(done).to.not.equal(row);
    expect(done.hasAttribute('aria-live')).to.equal(false);
    expect(bubble(el).hasAttribute('aria-busy')).to.equal(false);
    expect(bubble(el).querySelector('[part=caret]')).to.equal(null);
    await until(() => bubble(el).textContent?.includes('done.'));
    await expect(el).to.be.accessible();
  });
});
