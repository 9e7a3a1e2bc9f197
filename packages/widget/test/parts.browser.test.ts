import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { ChoiceMessage, CsatMessage, EchoMessage, HandoffMessage, RecapMessage } from '@attune/core';
import '../src/index.js';
import type { AttuneCsat, AttuneEcho, AttuneHandoff, AttuneMessageList, AttuneOptionPicker, AttuneRecap } from '../src/index.js';
import { activeElement, deep, emulateMedia, scripted, sendKeys, until } from './helpers.js';

const echo: EchoMessage = {
  kind: 'echo',
  id: 'e1',
  about: 'm1',
  at: 0,
  text: 'It sounds like your order is late — did I get that right?',
  reflection: 'your order is late',
  state: 'proposed',
};
const choice: ChoiceMessage = {
  kind: 'choice',
  id: 'p1',
  at: 0,
  prompt: 'What would help most?',
  options: [
    { id: 'resend', label: 'Send a replacement' },
    { id: 'refund', label: 'Refund me', description: 'Back to your card' },
    { id: 'human', label: 'Talk to a person' },
  ],
};
const recap: RecapMessage = {
  kind: 'recap',
  id: 'r1',
  at: 0,
  understood: 'Your order is late',
  done: ['Checked the tracking', 'Flagged the carrier'],
  nextStep: { who: 'We', what: 'ship a replacement', when: 'within 2 days' },
  resolved: true,
  care: 'Thanks for your patience.',
};
const csat: CsatMessage = { kind: 'csat', id: 's1', at: 0, prompt: 'How did we do?', scale: 5 };
const handoff: HandoffMessage = { kind: 'handoff', id: 'h1', at: 0, state: 'connected', text: 'Ana has joined.', agentName: 'Ana' };

const buttons = (el: Element) => [...el.shadowRoot!.querySelectorAll('button')];

before(() => emulateMedia({ reducedMotion: 'reduce' }));

describe('<attune-option-picker>', () => {
  it('renders 2–3 real buttons in the radio-group pattern with one tab stop', async () => {
    const el = await fixture<AttuneOptionPicker>(html`<attune-option-picker .choice=${choice}></attune-option-picker>`);
    const group = el.shadowRoot!.querySelector('[role=radiogroup]')!;
    expect(group.getAttribute('aria-labelledby')).to.equal(el.shadowRoot!.querySelector('[part=prompt]')!.id);
    const opts = buttons(el);
    expect(opts.map((b) => b.getAttribute('role'))).to.deep.equal(['radio', 'radio', 'radio']);
    expect(opts.map((b) => b.tabIndex)).to.deep.equal([0, -1, -1]);
    expect(opts[1]!.getAttribute('aria-describedby')).to.equal(el.shadowRoot!.querySelector('[part=option-description]')!.id);
    await expect(el).to.be.accessible();
  });

  it('moves focus with arrows, Home and End (real keys) and chooses with Enter', async () => {
    const el = await fixture<AttuneOptionPicker>(html`<attune-option-picker .choice=${choice}></attune-option-picker>`);
    const opts = buttons(el);
    opts[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(activeElement()).to.equal(opts[1]);
    await sendKeys({ press: 'ArrowDown' });
    expect(activeElement()).to.equal(opts[2]);
    await sendKeys({ press: 'ArrowRight' });
    expect(activeElement(), 'wraps').to.equal(opts[0]);
    await sendKeys({ press: 'End' });
    expect(activeElement()).to.equal(opts[2]);
    await sendKeys({ press: 'Home' });
    expect(activeElement()).to.equal(opts[0]);
    await sendKeys({ press: 'ArrowLeft' });
    expect(activeElement()).to.equal(opts[2]);
    await el.updateComplete;
    expect(opts.map((b) => b.tabIndex)).to.deep.equal([-1, -1, 0]);
    const chosen = oneEvent(el, 'attune-choose');
    await sendKeys({ press: 'Enter' });
    const event = await chosen;
    expect(event.detail).to.deep.equal({ pickerId: 'p1', optionId: 'human', label: 'Talk to a person' });
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(opts.map((b) => b.disabled)).to.deep.equal([true, true, false]);
    expect(opts[2]!.getAttribute('aria-checked')).to.equal('true');
    expect(opts[2]!.textContent).to.contain('Talk to a person');
    await expect(el).to.be.accessible();
  });

  it('chooses with Space, mirrors arrows in RTL, and chooses only once', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div dir="rtl"><attune-option-picker .choice=${choice}></attune-option-picker></div>`);
    const el = wrap.firstElementChild as AttuneOptionPicker;
    const opts = buttons(el);
    opts[0]!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    expect(activeElement(), 'ArrowLeft is "next" in RTL').to.equal(opts[1]);
    let count = 0;
    el.addEventListener('attune-choose', () => count++);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    opts[0]!.click();
    expect(count).to.equal(1);
  });

  it('sends the choice to its conversation and follows the latest picker', async () => {
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneOptionPicker>(html`<attune-option-picker .conversation=${conversation}></attune-option-picker>`);
    transport.emit({ type: 'choice', id: choice.id, prompt: choice.prompt, options: choice.options });
    const first = await until(() => el.shadowRoot!.querySelector('button'), 'picker');
    first.click();
    expect(await until(() => transport.sent.find((e) => e.type === 'choose'), 'sent')).to.include({ pickerId: 'p1', optionId: 'resend' });
    await until(() => buttons(el)[1]!.disabled, 'disabled after the choice');
    conversation.dispose();
  });

  it('does not choose when attune-choose is cancelled', async () => {
    const { conversation, transport } = scripted();
    transport.emit({ type: 'choice', id: choice.id, prompt: choice.prompt, options: choice.options });
    const el = await fixture<AttuneOptionPicker>(
      html`<attune-option-picker .conversation=${conversation} @attune-choose=${(e: Event) => e.preventDefault()}></attune-option-picker>`,
    );
    const first = await until(() => el.shadowRoot!.querySelector('button'), 'picker');
    first.click();
    await el.updateComplete;
    expect(transport.sent.some((e) => e.type === 'choose')).to.equal(false);
    expect(first.getAttribute('aria-checked')).to.equal('false');
    conversation.dispose();
  });
});

describe('<attune-echo>', () => {
  it('confirms with "Yes, that\'s right" and shows the answer in place of the buttons', async () => {
    const el = await fixture<AttuneEcho>(html`<attune-echo .echo=${echo}></attune-echo>`);
    await expect(el).to.be.accessible();
    const event = oneEvent(el, 'attune-echo-confirm');
    deep(el, '[part~=confirm]')!.click();
    expect((await event).detail).to.deep.equal({ echoId: 'e1' });
    await el.updateComplete;
    expect(deep(el, '[part~=confirm]')).to.equal(null);
    expect(deep(el, '[part=echo-result]')!.textContent).to.contain("Yes, that's right");
  });

  it('"Not quite" opens an inline correction field; Enter sends the correction', async () => {
    const { conversation, transport } = scripted();
    transport.emit({ type: 'echo', id: 'e1', about: 'm1', text: echo.text, reflection: echo.reflection, state: 'proposed' });
    const el = await fixture<AttuneEcho>(html`<attune-echo .conversation=${conversation}></attune-echo>`);
    const correct = await until(() => deep(el, '[part~=correct]'), 'echo');
    expect(correct.getAttribute('aria-expanded')).to.equal('false');
    correct.click();
    const input = await until(() => deep<HTMLInputElement>(el, '[part~=correction-input]'), 'correction field');
    expect(correct.getAttribute('aria-expanded')).to.equal('true');
    expect(activeElement()).to.equal(input);
    await expect(el).to.be.accessible();
    await sendKeys({ type: 'It was charged twice' });
    const event = oneEvent(el, 'attune-echo-correct');
    await sendKeys({ press: 'Enter' });
    expect((await event).detail).to.deep.equal({ echoId: 'e1', text: 'It was charged twice' });
    expect(await until(() => transport.sent.find((e) => e.type === 'echo.correct'), 'sent')).to.include({ echoId: 'e1', text: 'It was charged twice' });
    await until(() => deep(el, '[part=echo-result]')?.textContent?.includes('It was charged twice'), 'correction shown');
    conversation.dispose();
  });

  it('Escape closes the correction field without sending', async () => {
    const el = await fixture<AttuneEcho>(html`<attune-echo .echo=${echo}></attune-echo>`);
    deep(el, '[part~=correct]')!.click();
    await until(() => deep(el, 'input'));
    let sent = false;
    el.addEventListener('attune-echo-correct', () => (sent = true));
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(deep(el, 'input')).to.equal(null);
    expect(sent).to.equal(false);
  });
});

describe('<attune-recap>', () => {
  it('renders understood / done / next step with who and when / care', async () => {
    const el = await fixture<AttuneRecap>(html`<attune-recap .recap=${recap}></attune-recap>`);
    const root = deep(el, '[part~=recap]')!;
    expect(root.getAttribute('role')).to.equal('region');
    expect(root.dataset.state).to.equal('resolved');
    const text = root.textContent.replace(/\s+/g, ' ');
    for (const s of [
      'Summary',
      'What we understood',
      'Your order is late',
      'Checked the tracking',
      'Flagged the carrier',
      'Next step',
      'We: ship a replacement',
      'By when: within 2 days',
      'Thanks for your patience.',
    ]) {
      expect(text).to.contain(s);
    }
    await expect(el).to.be.accessible();
  });

  it('has an unresolved variant that says so and acknowledges the impact', async () => {
    const el = await fixture<AttuneRecap>(
      html`<attune-recap .recap=${{ ...recap, resolved: false, impact: 'I know you needed it for Friday.' }}></attune-recap>`,
    );
    expect(deep(el, '[part~=recap]')!.dataset.state).to.equal('unresolved');
    expect(deep(el, '[part~=recap-status]')!.textContent).to.contain('I know you needed it for Friday.');
    const plain = await fixture<AttuneRecap>(html`<attune-recap .recap=${{ ...recap, resolved: false }}></attune-recap>`);
    expect(deep(plain, '[part~=recap-status]')!.textContent).to.contain("This isn't solved yet");
    await expect(el).to.be.accessible();
  });
});

describe('<attune-csat>', () => {
  it('rates with one tap, then sends an optional comment', async () => {
    const { conversation, transport } = scripted();
    transport.emit({ type: 'csat', id: 's1', prompt: 'How did we do?', scale: 5 });
    const el = await fixture<AttuneCsat>(html`<attune-csat .conversation=${conversation}></attune-csat>`);
    const four = await until(() => deep(el, '#s1-score-4'), 'stars');
    expect(four.getAttribute('aria-label')).to.equal('4 stars');
    await expect(el).to.be.accessible();
    const rated = oneEvent(el, 'attune-rate');
    four.click();
    expect((await rated).detail).to.deep.equal({ score: 4 });
    expect(await until(() => transport.sent.find((e) => e.type === 'csat'), 'sent')).to.include({ score: 4 });
    await until(() => four.getAttribute('aria-pressed') === 'true', 'pressed');
    const comment = await until(() => deep<HTMLTextAreaElement>(el, 'textarea'), 'comment field');
    comment.focus();
    await sendKeys({ type: 'Quick and kind' });
    await expect(el).to.be.accessible();
    const commented = oneEvent(el, 'attune-rate');
    deep(el, '[part=comment-submit]')!.click();
    expect((await commented).detail).to.deep.equal({ score: 4, comment: 'Quick and kind' });
    await until(() => deep(el, '[part=thanks]'), 'thanks');
    expect(buttons(el).every((b) => b.disabled)).to.equal(true);
    conversation.dispose();
  });

  it('works with plain data and no conversation', async () => {
    const el = await fixture<AttuneCsat>(html`<attune-csat .csat=${csat}></attune-csat>`);
    const event = oneEvent(el, 'attune-rate');
    deep(el, '#s1-score-2')!.click();
    expect((await event).detail).to.deep.equal({ score: 2 });
    await el.updateComplete;
    expect(deep(el, '#s1-score-2')!.getAttribute('aria-pressed')).to.equal('true');
  });
});

describe('<attune-handoff> and <attune-message-list> with plain data', () => {
  it('shows a handoff notice', async () => {
    const el = await fixture<AttuneHandoff>(html`<attune-handoff .handoff=${handoff}></attune-handoff>`);
    expect(deep(el, '[part=handoff]')!.textContent).to.contain('Ana has joined.');
    expect(deep(el, '[part=handoff]')!.dataset.state).to.equal('connected');
    await expect(el).to.be.accessible();
  });

  it('renders a transcript from plain messages, the typing indicator outside the log, and nested parts', async () => {
    const messages = [
      { kind: 'text', id: 't1', at: 0, from: 'agent', text: 'Hello', status: 'sent' },
      { kind: 'text', id: 't2', at: 0, from: 'customer', text: 'Hi there', status: 'failed' },
      echo,
      choice,
      recap,
      csat,
      handoff,
    ] as const;
    const el = await fixture<AttuneMessageList>(html`<attune-message-list .messages=${messages} typing style="height:400px"></attune-message-list>`);
    await until(() => deep(el, 'attune-csat', '[part=csat]'), 'nested parts');
    const log = deep(el, '[role=log]')!;
    expect(log.getAttribute('aria-live')).to.equal('polite');
    expect(log.getAttribute('aria-relevant')).to.equal('additions');
    expect(deep(el, '[part~=customer]')!.getAttribute('aria-live')).to.equal('off');
    expect(log.querySelector('[part=typing]')).to.equal(null);
    expect(deep(el, '[part=typing]')!.textContent).to.contain('Typing…');
    for (const tag of ['attune-echo', 'attune-option-picker', 'attune-recap', 'attune-csat', 'attune-handoff'])
      expect(log.querySelector(tag) !== null, tag).to.equal(true);
    const retry = oneEvent(el, 'attune-retry');
    deep(el, '[part=retry]')!.click();
    expect((await retry).detail).to.deep.equal({ id: 't2' });
    await expect(el).to.be.accessible();
  });

  it('keeps existing message nodes when one is appended (keyed rendering)', async () => {
    const first = [{ kind: 'text', id: 'a', at: 0, from: 'agent', text: 'one', status: 'sent' } as const];
    const el = await fixture<AttuneMessageList>(html`<attune-message-list .messages=${first}></attune-message-list>`);
    const node = deep(el, '[part~=message]');
    el.messages = [...first, { kind: 'text', id: 'b', at: 0, from: 'agent', text: 'two', status: 'sent' }];
    await el.updateComplete;
    expect(deep(el, '[part~=message]')).to.equal(node);
    expect(el.shadowRoot!.querySelectorAll('[part~=message]').length).to.equal(2);
  });

  it('shows the empty state, then a "New messages" button when the reader has scrolled up', async () => {
    const el = await fixture<AttuneMessageList>(html`<attune-message-list .messages=${[]} style="height:200px"></attune-message-list>`);
    expect(deep(el, '[part=empty]')!.textContent).to.contain('How can we help');
    const many = Array.from({ length: 30 }, (_, i) => ({ kind: 'text', id: `m${i}`, at: 0, from: 'agent', text: `Line ${i}`, status: 'sent' }) as const);
    el.messages = many;
    const log = deep(el, '[part=log]')!;
    await until(() => log.scrollTop > 0 && log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'stuck to the bottom');
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    el.messages = [...many, { kind: 'text', id: 'new', at: 0, from: 'agent', text: 'New one', status: 'sent' }];
    const pill = await until(() => deep(el, '[part~=new-messages]'), 'pill');
    expect(log.scrollTop).to.equal(0);
    expect(pill.textContent).to.contain('New messages');
    pill.click();
    await el.updateComplete;
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.lessThan(2);
    expect(deep(el, '[part~=new-messages]')).to.equal(null);
  });

  it('keeps sticking to the bottom after it is moved in the DOM', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ kind: 'text', id: `m${i}`, at: 0, from: 'agent', text: `Line ${i}`, status: 'sent' }) as const);
    const el = await fixture<AttuneMessageList>(html`<attune-message-list .messages=${many} style="height:200px"></attune-message-list>`);
    const log = deep(el, '[part=log]')!;
    const atBottom = () => log.scrollTop > 0 && log.scrollHeight - log.scrollTop - log.clientHeight < 2;
    await until(atBottom, 'stuck to the bottom');
    const elsewhere = document.createElement('div');
    el.parentElement!.append(elsewhere);
    elsewhere.append(el);
    el.messages = [
      ...many,
      ...Array.from({ length: 5 }, (_, i) => ({ kind: 'text', id: `n${i}`, at: 0, from: 'agent', text: `After the move ${i}`, status: 'sent' }) as const),
    ];
    await until(atBottom, 'still stuck to the bottom after the move');
  });

  it('renders hostile text inert and links only http(s)', async () => {
    const hostile =
      '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> javascript:alert(1) &lt;b&gt;x&lt;/b&gt; https://example.com/a?b=1.';
    const el = await fixture<AttuneMessageList>(
      html`<attune-message-list .messages=${[{ kind: 'text', id: 'x', at: 0, from: 'agent', text: hostile, status: 'sent' }]}></attune-message-list>`,
    );
    const bubble = deep(el, '[part=bubble]')!;
    expect(bubble.querySelector('img,script,b')).to.equal(null);
    expect(bubble.textContent).to.contain('<img src=x onerror="window.__pwned=1">');
    expect(bubble.textContent).to.contain('&lt;b&gt;');
    const links = [...bubble.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/a?b=1']);
    expect(links[0]!.rel).to.equal('noopener noreferrer nofollow');
    expect(links[0]!.target).to.equal('_blank');
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
