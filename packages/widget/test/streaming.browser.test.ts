import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { AttuneChat, AttuneMessageList } from '../src/index.js';
import { activeElement, deep, emulateMedia, scripted, sendKeys, until } from './helpers.js';

const start = { type: 'text' as const, id: 's1', from: 'agent' as const, text: '', status: 'streaming' as const, at: 1 };

async function chat() {
  const { conversation, transport } = scripted();
  const el = await fixture<AttuneChat>(
    html`<attune-chat mode="inline" style="block-size: 480px; inline-size: 380px" .conversation=${conversation}></attune-chat>`,
  );
  await until(() => transport.connects > 0, 'connect');
  return { el, conversation, transport };
}

const list = (el: AttuneChat) => deep<AttuneMessageList>(el, 'attune-message-list')!;
const bubble = (el: AttuneChat) => deep(el, 'attune-message-list', '[part~=agent] [part=bubble]');

describe('streaming replies in <attune-chat>', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('streams with a caret and a labelled, keyboard-reachable Stop; stop keeps focus in the composer', async () => {
    const { el, transport } = await chat();
    deep<HTMLTextAreaElement>(el, 'attune-composer', 'textarea')!.focus();
    transport.emit(start);
    transport.emit({ type: 'delta', id: 's1', offset: 0, text: 'Here is **the plan**:\n\n- first' });
    await until(() => bubble(el)?.querySelector('strong'), 'markdown while streaming');
    expect(bubble(el)!.getAttribute('aria-busy')).to.equal('true');
    expect(bubble(el)!.querySelector('[part=caret]')).to.not.equal(null);
    const stop = await until(() => deep<HTMLButtonElement>(el, 'attune-composer', '[part=stop]'), 'stop button');
    expect(stop.getAttribute('aria-label')).to.equal('Stop the reply');
    await expect(el).to.be.accessible();
    // Keyboard: Tab from the field reaches Stop, Enter presses it.
    await sendKeys({ press: 'Tab' });
    expect(activeElement()).to.equal(stop);
    await sendKeys({ press: 'Enter' });
    await until(() => transport.sent.some((e) => e.type === 'stop' && e.id === 's1'), 'stop sent');
    expect(activeElement()?.tagName).to.equal('TEXTAREA');
    await until(() => !deep(el, 'attune-composer', '[part=stop]'), 'stop button gone');
    expect(bubble(el)!.hasAttribute('aria-busy')).to.equal(false);
    expect(bubble(el)!.querySelector('[part=caret]')).to.equal(null);
    expect(bubble(el)!.textContent).to.contain('first');
    await expect(el).to.be.accessible();
  });

  it('follows the stream only at the bottom; scrolled up it shows "New messages" instead', async () => {
    const { el, transport } = await chat();
    for (let i = 0; i < 30; i++) transport.emit({ type: 'text', id: `m${i}`, from: 'agent', text: `Message ${i}`, at: i });
    transport.emit(start);
    const log = await until(() => deep(el, 'attune-message-list', '[part=log]'), 'log');
    await until(() => list(el).shadowRoot!.querySelectorAll('[part~=message]').length === 31, 'messages');
    let offset = 0;
    const grow = async (text: string) => {
      transport.emit({ type: 'delta', id: 's1', offset, text });
      offset += text.length;
      await list(el).updateComplete;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    };
    await grow('line\n\n');
    const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    await until(atBottom, 'at the bottom');
    await grow('more line\n\nmore line\n\nmore line\n\n');
    expect(atBottom()).to.equal(true);
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await grow('even more\n\neven more\n\n');
    expect(log.scrollTop).to.equal(0);
    const jump = await until(() => deep<HTMLButtonElement>(el, 'attune-message-list', '[part=new-messages]'), 'new messages button');
    jump.click();
    await until(atBottom, 'back at the bottom');
  });

  it('reduced motion: the caret does not blink', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const { el, transport } = await chat();
    transport.emit(start);
    transport.emit({ type: 'delta', id: 's1', offset: 0, text: 'Hi' });
    const caret = await until(() => deep(el, 'attune-message-list', '[part=caret]'), 'caret');
    expect(getComputedStyle(caret).animationName).to.equal('none');
    await emulateMedia({ reducedMotion: 'no-preference' });
    expect(getComputedStyle(caret).animationName).to.not.equal('none');
  });
});
