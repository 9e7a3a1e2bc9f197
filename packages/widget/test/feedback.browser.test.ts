import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import type { TextMessage } from '@attune/core';
import '../src/index.js';
import '../src/define/attune-feedback.js';
import type { AttuneChat, AttuneFeedbackEvent, AttuneMessageList } from '../src/index.js';
import type { AttuneFeedback } from '../src/components/feedback/feedback.component.js';
import { activeElement, deep, emulateMedia, scripted, sendKeys, until } from './helpers.js';

before(() => emulateMedia({ reducedMotion: 'reduce' }));
afterEach(() => fixtureCleanup());

const list = (chat: Element) => deep<AttuneMessageList>(chat, 'attune-message-list')!;
const thumbsOf = (chat: Element, id: string) => {
  const row = [...list(chat).shadowRoot!.querySelectorAll('[part~="message"]')].find((r) => r.querySelector('attune-feedback')?.message?.id === id);
  return row?.querySelector('attune-feedback') ?? null;
};
const button = (fb: AttuneFeedback, selector: string) => fb.shadowRoot!.querySelector<HTMLButtonElement>(selector)!;

async function setup(attrs: { feedback?: 'off' } = {}) {
  const { conversation, transport } = scripted();
  const chat = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${conversation} feedback=${attrs.feedback ?? 'on'}></attune-chat>`);
  transport.emit({ type: 'text', id: 'a1', at: 1000, from: 'agent', text: 'Your parcel left the depot this morning.' });
  conversation.send('ok thanks', { interpret: false });
  transport.emit({ type: 'text', id: 'sys', at: 2000, from: 'system', text: 'Ana joined.' });
  transport.emit({ type: 'text', id: 'st', at: 3000, from: 'agent', text: 'Let me', status: 'streaming' });
  await until(() => list(chat).shadowRoot!.querySelectorAll('[part~="message"]').length === 4, 'the rows');
  return { chat, conversation, transport };
}

describe('<attune-feedback> in the transcript', () => {
  it('shows labelled toggle thumbs only under finished agent lines; axe clean', async () => {
    const { chat } = await setup();
    const fb = await until(() => thumbsOf(chat, 'a1'), 'the thumbs');
    await fb.updateComplete;
    const rows = [...list(chat).shadowRoot!.querySelectorAll('[part~="message"]')];
    expect(rows.filter((r) => r.querySelector('attune-feedback')).length, 'customer, system and streaming lines have none').to.equal(1);
    const group = fb.shadowRoot!.querySelector('[part="feedback"]')!;
    expect(group.getAttribute('role')).to.equal('group');
    expect(group.getAttribute('aria-label')).to.equal('Was this reply helpful?');
    expect(button(fb, '[part~="up"]').getAttribute('aria-label')).to.equal('Helpful');
    expect(button(fb, '[part~="down"]').getAttribute('aria-label')).to.equal('Not helpful');
    expect(button(fb, '[part~="up"]').getAttribute('aria-pressed')).to.equal('false');
    await expect(chat).to.be.accessible();
  });

  it('a thumbs-down is pressed at once, sent, asks why inline (focus stays); a reason is kept; pressing again clears', async () => {
    const { chat, conversation, transport } = await setup();
    const fb = await until(() => thumbsOf(chat, 'a1'), 'the thumbs');
    await fb.updateComplete;
    const down = button(fb, '[part~="down"]');
    down.focus();
    const fired = oneEvent<AttuneFeedbackEvent>(chat, 'attune-feedback');
    await sendKeys({ press: 'Enter' });
    expect((await fired).detail).to.deep.equal({ messageId: 'a1', value: 'down' });
    await fb.updateComplete;
    expect(button(fb, '[part~="down"]').getAttribute('aria-pressed')).to.equal('true');
    expect((conversation.getSnapshot().messages[0] as TextMessage).feedback).to.deep.equal({ value: 'down' });
    expect(activeElement(), 'focus stays on the thumb').to.equal(button(fb, '[part~="down"]'));
    const reasons = fb.shadowRoot!.querySelector('[part="feedback-reasons"]')!;
    expect(reasons.getAttribute('aria-label')).to.equal('What went wrong?');
    expect([...reasons.querySelectorAll('[part~="feedback-reason"]')].map((b) => b.textContent?.trim())).to.deep.equal([
      "Didn't answer my question",
      'Wrong or out of date',
      'Hard to understand',
    ]);
    await expect(chat).to.be.accessible();

    // Tab to the second reason and choose it by keyboard.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(activeElement()?.textContent?.trim()).to.equal('Wrong or out of date');
    await sendKeys({ press: 'Space' });
    await fb.updateComplete;
    expect((conversation.getSnapshot().messages[0] as TextMessage).feedback).to.deep.equal({ value: 'down', reason: 'Wrong or out of date' });
    expect(fb.shadowRoot!.querySelector('[part="feedback-thanks"]')!.textContent).to.equal('Thanks, that helps us improve.');

    // Pressing the chosen thumb again takes it back.
    button(fb, '[part~="down"]').click();
    await fb.updateComplete;
    expect(button(fb, '[part~="down"]').getAttribute('aria-pressed')).to.equal('false');
    expect('feedback' in (conversation.getSnapshot().messages[0] as TextMessage)).to.equal(false);
    await until(() => transport.sent.filter((e) => e.type === 'feedback').length === 3, 'three feedback events');
    expect(transport.sent.filter((e) => e.type === 'feedback').map((e) => (e.type === 'feedback' ? [e.value, e.reason ?? null] : []))).to.deep.equal([
      ['down', null],
      ['down', 'Wrong or out of date'],
      [null, null],
    ]);
  });

  it('a free-text reason is bounded and sent', async () => {
    const { chat, conversation } = await setup();
    const fb = await until(() => thumbsOf(chat, 'a1'), 'the thumbs');
    await fb.updateComplete;
    button(fb, '[part~="down"]').click();
    await fb.updateComplete;
    const other = fb.shadowRoot!.querySelector<HTMLInputElement>('[part="feedback-other"]')!;
    expect(other.maxLength).to.equal(500);
    expect(other.getAttribute('aria-label')).to.equal('Something else (optional)');
    other.focus();
    await sendKeys({ type: 'The tracking link is broken' });
    await sendKeys({ press: 'Enter' });
    await fb.updateComplete;
    expect((conversation.getSnapshot().messages[0] as TextMessage).feedback).to.deep.equal({ value: 'down', reason: 'The tracking link is broken' });
  });

  it('a listener can cancel it (nothing is sent); feedback="off" hides the thumbs', async () => {
    const { chat, transport } = await setup();
    const fb = await until(() => thumbsOf(chat, 'a1'), 'the thumbs');
    await fb.updateComplete;
    chat.addEventListener('attune-feedback', (e) => e.preventDefault());
    button(fb, '[part~="up"]').click();
    await fb.updateComplete;
    expect(button(fb, '[part~="up"]').getAttribute('aria-pressed')).to.equal('false');
    expect(transport.sent.filter((e) => e.type === 'feedback')).to.deep.equal([]);

    const off = await setup({ feedback: 'off' });
    await list(off.chat).updateComplete;
    expect(list(off.chat).shadowRoot!.querySelector('attune-feedback')).to.equal(null);
  });
});

describe('<attune-feedback> alone (plain data)', () => {
  it('toggles locally and fires attune-feedback without a conversation', async () => {
    const message: TextMessage = { kind: 'text', id: 'x1', from: 'agent', text: 'Hello', at: 1, status: 'sent' };
    const fb = await fixture<AttuneFeedback>(html`<attune-feedback .message=${message}></attune-feedback>`);
    const fired = oneEvent<AttuneFeedbackEvent>(fb, 'attune-feedback');
    button(fb, '[part~="up"]').click();
    expect((await fired).detail).to.deep.equal({ messageId: 'x1', value: 'up' });
    await fb.updateComplete;
    expect(button(fb, '[part~="up"]').getAttribute('aria-pressed')).to.equal('true');
    expect(fb.shadowRoot!.querySelector('[part="feedback-thanks"]')!.textContent).to.equal('Thanks, that helps us improve.');
    await expect(fb).to.be.accessible();
    const customer = await fixture<AttuneFeedback>(html`<attune-feedback .message=${{ ...message, from: 'customer' }}></attune-feedback>`);
    expect(customer.shadowRoot!.childElementCount).to.equal(0);
  });
});
