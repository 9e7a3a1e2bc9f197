import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { AttuneComposer } from '../src/index.js';
import { deep, scripted, sendKeys, until } from './helpers.js';

const area = (el: AttuneComposer) => deep<HTMLTextAreaElement>(el, 'textarea')!;

describe('<attune-composer>', () => {
  it('Enter sends, Shift+Enter starts a new line, and the field grows', async () => {
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneComposer>(html`<attune-composer .conversation=${conversation}></attune-composer>`);
    area(el).focus();
    const before = area(el).offsetHeight;
    await sendKeys({ type: 'First line' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'second line' });
    await el.updateComplete;
    expect(area(el).value).to.equal('First line\nsecond line');
    expect(area(el).offsetHeight).to.be.greaterThan(before);
    const sent = oneEvent(el, 'attune-send');
    await sendKeys({ press: 'Enter' });
    const event = await sent;
    expect(event.detail.text).to.equal('First line\nsecond line');
    expect(event.detail.id).to.be.a('string');
    expect(event.cancelable).to.equal(true);
    expect(conversation.getSnapshot().messages[0]).to.include({ id: event.detail.id, text: 'First line\nsecond line', from: 'customer' });
    await el.updateComplete;
    expect(area(el).value).to.equal('');
    await until(() => transport.sent.length === 1, 'delivered');
    await expect(el).to.be.accessible();
    conversation.dispose();
  });

  it('keeps the text and shows the coded error when the message is too long', async () => {
    const { conversation } = scripted();
    const el = await fixture<AttuneComposer>(html`<attune-composer .conversation=${conversation} max-length="40"></attune-composer>`);
    area(el).focus();
    await sendKeys({ type: 'Twelve chars' });
    await el.updateComplete;
    expect(deep(el, '[part=count]') === null, 'no count far from the cap').to.equal(true);
    await sendKeys({ type: ' and more' });
    await el.updateComplete;
    expect(deep(el, '[part=count]')?.textContent).to.contain('19 characters left');
    el.value = 'x'.repeat(4001);
    await el.updateComplete;
    const failed = oneEvent(el, 'attune-error');
    el.send();
    expect((await failed).detail.error.code).to.equal('input/too-long');
    await el.updateComplete;
    const note = deep(el, '[part=composer-error]')!;
    expect(note.dataset.code).to.equal('input/too-long');
    expect(note.getAttribute('role')).to.equal('alert');
    expect(note.textContent).to.contain('too long');
    expect(area(el).value).to.have.length(4001);
    expect(area(el).getAttribute('aria-invalid')).to.equal('true');
    expect(conversation.getSnapshot().messages).to.have.length(0);
    await expect(el).to.be.accessible();
    conversation.dispose();
  });

  it('preventDefault() on attune-send cancels sending and keeps the text', async () => {
    const { conversation } = scripted();
    const el = await fixture<AttuneComposer>(
      html`<attune-composer .conversation=${conversation} @attune-send=${(e: Event) => e.preventDefault()}></attune-composer>`,
    );
    el.value = 'Hold on';
    el.send();
    await el.updateComplete;
    expect(area(el).value).to.equal('Hold on');
    expect(conversation.getSnapshot().messages).to.have.length(0);
    conversation.dispose();
  });

  it('is disabled while the conversation is closed, and works alone without one', async () => {
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneComposer>(html`<attune-composer .conversation=${conversation}></attune-composer>`);
    await until(() => conversation.getSnapshot().status === 'open', 'open');
    expect(area(el).disabled).to.equal(false);
    // The conversation ended on the other side. (After a local dispose() the core clears its
    // listeners before notifying, so the widget cannot see that one: see the widget README.)
    transport.setStatus('closed');
    await until(() => area(el).disabled, 'disabled once closed');
    expect(deep(el, '[part=send]')!.hasAttribute('disabled')).to.equal(true);
    conversation.dispose();
    const alone = await fixture<AttuneComposer>(html`<attune-composer></attune-composer>`);
    const sent = oneEvent(alone, 'attune-send');
    alone.value = 'Plain';
    alone.send();
    expect((await sent).detail).to.deep.equal({ text: 'Plain' });
  });
});
