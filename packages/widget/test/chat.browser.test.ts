import { expect, fixture, fixtureCleanup, html, nextFrame, oneEvent } from '@open-wc/testing';
import type { Conversation } from '@attune/core';
import '../src/index.js';
import type { AttuneChat, AttuneEventName } from '../src/index.js';
import { attuneEvents } from '../src/index.js';
import { activeElement, deep, demo, emulateMedia, scripted, sendKeys, until } from './helpers.js';

const list = (el: AttuneChat) => deep(el, 'attune-message-list')!;
const textarea = (el: AttuneChat) => deep<HTMLTextAreaElement>(el, 'attune-composer', 'textarea')!;

/** Records every Attune event that reaches `document`. */
function record(): { events: CustomEvent[]; stop(): void } {
  const events: CustomEvent[] = [];
  const names = Object.values(attuneEvents) as AttuneEventName[];
  const on = (e: Event) => events.push(e as CustomEvent);
  for (const n of names) document.addEventListener(n, on);
  return { events, stop: () => names.forEach((n) => document.removeEventListener(n, on)) };
}

before(() => emulateMedia({ reducedMotion: 'reduce' }));
afterEach(() => fixtureCleanup());

describe('<attune-chat>', () => {
  it('launcher: opens a dialog, Escape closes it and returns focus to the launcher', async () => {
    const el = await fixture<AttuneChat>(html`<attune-chat .conversation=${demo()}></attune-chat>`);
    const launcher = deep(el, '[part=launcher]')!;
    const panel = deep(el, '[part=panel]')!;
    expect(el.getAttribute('mode')).to.equal('launcher');
    expect(panel.hidden).to.equal(true);
    expect(launcher.getAttribute('aria-label')).to.equal('Open support chat');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    await expect(el).to.be.accessible();
    launcher.focus();
    const opened = oneEvent(el, 'attune-open-change');
    await sendKeys({ press: 'Enter' });
    expect((await opened).detail).to.deep.equal({ open: true });
    await el.updateComplete;
    expect(panel.hidden).to.equal(false);
    expect(el.open).to.equal(true);
    expect(panel.getAttribute('role')).to.equal('dialog');
    expect(launcher.getAttribute('aria-label')).to.equal('Close support chat');
    await until(() => activeElement() === textarea(el), 'focus in the composer');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(panel.hidden).to.equal(true);
    expect(activeElement()).to.equal(launcher);
  });

  it('keyboard-only through the demo flow: echo → picker → recap → CSAT, focus back in the composer without scrolling', async () => {
    const conversation = demo();
    const rec = record();
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.body.prepend(spacer);
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" style="height:600px" .conversation=${conversation}></attune-chat>`);
    el.scrollIntoView();
    try {
      await until(() => conversation.getSnapshot().messages.length, 'greeting');
      textarea(el).focus();
      await sendKeys({ type: 'My package still has not arrived and I am annoyed' });
      await sendKeys({ press: 'Enter' });
      const confirm = await until(() => deep(list(el), 'attune-echo', '[part~=confirm]'), 'echo');
      const scrollY = window.scrollY;
      // Back from the composer into the transcript: Shift+Tab reaches the echo's buttons.
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(activeElement()).to.equal(confirm);
      await sendKeys({ press: 'Enter' });
      await until(() => activeElement() === textarea(el), 'focus back in the composer after the echo');
      const option = await until(() => deep(list(el), 'attune-option-picker', '[part~=option]'), 'picker');
      await expect(el).to.be.accessible();
      option.focus();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await until(() => activeElement() === textarea(el), 'focus back in the composer after the choice');
      expect(window.scrollY, 'the page did not scroll').to.equal(scrollY);
      const recap = await until(() => deep(list(el), 'attune-recap', '[part~=next-step]'), 'recap');
      expect(recap.textContent).to.contain('We: refund your order');
      const star = await until(() => deep(list(el), 'attune-csat', '[part~=score]:nth-child(5)'), 'csat');
      star.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => conversation.getSnapshot().messages.some((m) => m.kind === 'csat' && m.score === 5), 'rated');
      const names = rec.events.map((e) => e.type);
      for (const n of ['attune-send', 'attune-echo-confirm', 'attune-choose', 'attune-recap', 'attune-rate']) expect(names, n).to.include(n);
      const recapEvent = rec.events.find((e) => e.type === 'attune-recap')!;
      expect(recapEvent.detail.recap).to.include({ kind: 'recap', resolved: false });
      expect(rec.events.find((e) => e.type === 'attune-choose')!.detail).to.deep.include({ optionId: 'refund', label: 'Refund me' });
      expect(rec.events.every((e) => e.bubbles && e.composed)).to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      rec.stop();
      spacer.remove();
      conversation.dispose();
    }
  });

  it('shows the connection status in words and the handoff notice, firing attune-handoff', async () => {
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${conversation}></attune-chat>`);
    const status = () => deep(el, '[part=status]')!;
    await until(() => status().textContent === 'Connected', 'open');
    expect(status().getAttribute('role')).to.equal('status');
    transport.setStatus('reconnecting');
    await until(() => status().textContent === 'Reconnecting…', 'reconnecting');
    transport.setStatus('offline');
    await until(() => status().textContent === 'Offline', 'offline');
    await expect(el).to.be.accessible();
    transport.setStatus('open');
    const offered = oneEvent(el, 'attune-handoff');
    transport.emit({
      type: 'choice',
      id: 'h',
      purpose: 'handoff',
      reason: 'negative-tone',
      prompt: 'Would you like to talk to a person?',
      options: [
        { id: 'human', label: 'Talk to a person' },
        { id: 'continue', label: 'Keep going here' },
      ],
    });
    expect((await offered).detail).to.deep.equal({ state: 'offered', reason: 'negative-tone' });
    const taken = oneEvent(el, 'attune-handoff');
    (await until(() => deep(list(el), 'attune-option-picker', '[part~=option]'), 'picker')).click();
    expect((await taken).detail).to.deep.equal({ state: 'taken' });
    const connected = oneEvent(el, 'attune-handoff');
    transport.emit({ type: 'handoff', id: 'h2', state: 'connected', text: 'Ana has joined.', agentName: 'Ana' });
    expect((await connected).detail).to.deep.equal({ state: 'connected' });
    const notice = await until(() => deep(list(el), 'attune-handoff', '[part=handoff]'), 'notice');
    expect(notice.textContent).to.contain('Ana has joined.');
    conversation.dispose();
  });

  it('fires attune-handoff once per change, never for a handoff already in the transcript', async () => {
    const { conversation, transport } = scripted();
    const stop = conversation.subscribe(() => {});
    transport.emit({ type: 'handoff', id: 'h0', state: 'connected', text: 'Ana joined earlier.', agentName: 'Ana' });
    await until(() => conversation.getSnapshot().messages.length === 1, 'the earlier handoff');
    const fired: string[] = [];
    // Listening from before the first render.
    const el = await fixture<AttuneChat>(
      html`<attune-chat
        mode="inline"
        .conversation=${conversation}
        @attune-handoff=${(e: CustomEvent<{ state: string }>) => fired.push(e.detail.state)}
      ></attune-chat>`,
    );
    await until(() => deep(list(el), 'attune-handoff'), 'the notice');
    await nextFrame();
    transport.emit({ type: 'handoff', id: 'h1', state: 'waiting', text: 'Finding someone', reason: 'requested' });
    await until(() => fired.length === 1, 'waiting');
    transport.emit({ type: 'handoff', id: 'h1', state: 'waiting', text: 'Still finding someone', reason: 'requested' });
    transport.emit({ type: 'handoff', id: 'h1', state: 'connected', text: 'Bo joined.', agentName: 'Bo', reason: 'requested' });
    await until(() => fired.length === 2, 'connected');
    el.parentElement!.append(document.createElement('div'), el);
    await el.updateComplete;
    await nextFrame();
    expect(fired).to.deep.equal(['waiting', 'connected']);
    stop();
    conversation.dispose();
  });

  it('passes axe in every state, light, dark and RTL', async function () {
    this.timeout(60000);
    for (const scheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme: scheme });
      for (const dir of ['ltr', 'rtl']) {
        const { conversation, transport } = scripted();
        const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" dir=${dir} .conversation=${conversation}></attune-chat>`);
        const check = async (state: string) => {
          await new Promise((r) => setTimeout(r, 30));
          try {
            await expect(el).to.be.accessible();
          } catch (error) {
            throw new Error(`${scheme} ${dir} ${state}: ${(error as Error).message}`);
          }
        };
        await check('empty');
        transport.emit({ type: 'text', id: 'a1', from: 'agent', text: 'Hi! What is going on? https://example.com/help' });
        const mine = conversation.send('My order is late');
        transport.emit({
          type: 'echo',
          id: 'e1',
          about: mine,
          text: 'So your order is late — is that right?',
          reflection: 'your order is late',
          state: 'proposed',
        });
        transport.emit({ type: 'typing', on: true });
        await check('mid-conversation');
        transport.emit({ type: 'typing', on: false });
        transport.emit({
          type: 'choice',
          id: 'p1',
          prompt: 'What would help most?',
          options: [
            { id: 'a', label: 'Send a replacement' },
            { id: 'b', label: 'Refund me' },
          ],
        });
        await check('picker open');
        conversation.choose('p1', 'a');
        transport.emit({
          type: 'recap',
          id: 'r1',
          understood: 'Your order is late',
          done: ['Checked it'],
          nextStep: { who: 'We', what: 'ship it', when: 'today' },
          resolved: false,
          care: 'Take care.',
        });
        await check('recap');
        transport.emit({ type: 'csat', id: 's1', prompt: 'How did we do?', scale: 5 });
        await check('csat');
        conversation.rate(3);
        await check('csat rated');
        const composer = deep<HTMLElement & { value: string; send(): void }>(el, 'attune-composer')!;
        composer.value = 'x'.repeat(4001);
        composer.send();
        await check('error');
        transport.setStatus('offline');
        await check('offline');
        conversation.dispose();
      }
    }
    await emulateMedia({ colorScheme: 'light' });
  });

  it('follows dark mode from prefers-color-scheme and the theme attribute', async () => {
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${demo()}></attune-chat>`);
    const panel = deep(el, '[part=panel]')!;
    const bg = () => getComputedStyle(panel).backgroundColor;
    await emulateMedia({ colorScheme: 'light' });
    expect(bg()).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(bg()).to.equal('rgb(23, 24, 28)');
    el.theme = 'light';
    await el.updateComplete;
    expect(bg()).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'light' });
    el.theme = 'dark';
    await el.updateComplete;
    expect(bg()).to.equal('rgb(23, 24, 28)');
  });

  it('speaks Spanish with locale="es" and mirrors with dir="rtl"', async () => {
    const el = await fixture<AttuneChat>(html`<attune-chat locale="es" dir="rtl" open .conversation=${demo('es')}></attune-chat>`);
    expect(deep(el, '[part=heading]')!.textContent).to.equal('Ayuda');
    expect(deep(el, '[part=launcher]')!.getAttribute('aria-label')).to.equal('Cerrar el chat de ayuda');
    expect(textarea(el).placeholder).to.equal('Escribe tu mensaje…');
    expect(deep(el, '[part=panel]')!.getAttribute('lang')).to.equal('es');
    expect(getComputedStyle(deep(el, '[part=panel]')!).direction).to.equal('rtl');
    const launcher = deep(el, '[part=launcher]')!.getBoundingClientRect();
    expect(launcher.left, 'the launcher sits at the inline end: the left in RTL').to.be.lessThan(innerWidth / 2);
    await until(() => deep(list(el), '[part=bubble]')?.textContent?.includes('¡Hola!'), 'Spanish greeting');
    await expect(el).to.be.accessible();
  });

  it('takes dir from the translator for right-to-left locales', async () => {
    const el = await fixture<AttuneChat>(html`<attune-chat locale="ar" mode="inline" .conversation=${demo()}></attune-chat>`);
    expect(deep(el, '[part=panel]')!.getAttribute('dir')).to.equal('rtl');
  });

  it('two widgets on one page do not share state', async () => {
    const wrap = await fixture<HTMLDivElement>(
      html`<div><attune-chat mode="inline" id="one"></attune-chat><attune-chat mode="inline" id="two" locale="es"></attune-chat></div>`,
    );
    const [one, two] = [...wrap.querySelectorAll('attune-chat')] as AttuneChat[];
    const bubbles = (el: AttuneChat) => [...list(el).shadowRoot!.querySelectorAll('[part=bubble]')].map((b) => b.textContent);
    await until(() => bubbles(one!).length && bubbles(two!).length, 'both greeted', 300);
    const c1 = deep(one!, 'attune-composer') as HTMLElement & { value: string; send(): void };
    c1.value = 'Only in the first one';
    c1.send();
    await until(() => bubbles(one!).some((t) => t?.includes('Only in the first one')), 'sent');
    expect(bubbles(two!).some((t) => t?.includes('Only in the first one'))).to.equal(false);
    expect(bubbles(two!)[0]).to.contain('¡Hola!');
  });

  it('creates and disposes its own conversation, but never one it was given', async () => {
    const given = demo();
    let disposed = false;
    const dispose = given.dispose;
    given.dispose = () => {
      disposed = true;
      dispose();
    };
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${given}></attune-chat>`);
    el.remove();
    await Promise.resolve();
    await Promise.resolve();
    expect(disposed).to.equal(false);
    expect(given.getSnapshot().status).to.not.equal('closed');
    given.dispose();

    const own = await fixture<AttuneChat>(html`<attune-chat mode="inline"></attune-chat>`);
    const composer = deep(own, 'attune-composer') as HTMLElement & { conversation: Conversation };
    const created = composer.conversation;
    expect(typeof created?.send).to.equal('function');
    own.remove();
    await until(() => created.getSnapshot().status === 'closed', 'disposed');
  });

  it('an invalid flow: a calm line for the customer, every path in attune-error and the console', async () => {
    const bad = { id: 'x', start: 'hello', steps: { hello: { type: 'choose', prompt: 'Pick', options: [{ id: 'a', label: 'A', next: 'nowhere' }] } } };
    const url = URL.createObjectURL(new Blob([JSON.stringify(bad)], { type: 'application/json' }));
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const errored = new Promise<CustomEvent>((resolve) => document.addEventListener('attune-error', resolve as EventListener, { once: true }));
      const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" flow=${url}></attune-chat>`);
      const error = (await errored).detail.error;
      expect(error.code).to.equal('flow/invalid');
      expect(error.message).to.contain('steps.hello.options');
      expect(error.details.map((d: { path: string }) => d.path)).to.include('steps.hello.options');
      const panel = await until(() => deep(el, '[part=error]'), 'error panel');
      expect(panel.getAttribute('role')).to.equal('alert');
      expect(panel.textContent?.trim()).to.equal("This chat isn't available right now. Please try again later.");
      expect(panel.textContent).not.to.contain('steps.');
      expect(logged.map((args) => String(args[0])).join('\n')).to.contain('steps.hello.options');
      expect(textarea(el).disabled).to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      console.error = original;
    }
  });

  it('a flow with a JSON syntax error reports flow/parse with its line and column', async () => {
    const url = URL.createObjectURL(new Blob(['{\n  "id": "x",\n  "start": "a"\n  "steps": {}\n}'], { type: 'application/json' }));
    const original = console.error;
    console.error = () => {};
    try {
      const errored = new Promise<CustomEvent>((resolve) => document.addEventListener('attune-error', resolve as EventListener, { once: true }));
      await fixture<AttuneChat>(html`<attune-chat mode="inline" flow=${url}></attune-chat>`);
      const error = (await errored).detail.error;
      expect(error.code).to.equal('flow/parse');
      expect(error.message).to.contain('line 4, column 3');
    } finally {
      console.error = original;
    }
  });

  it('runs a valid flow from a URL', async () => {
    const flow = {
      id: 'mini',
      start: 'hi',
      steps: {
        hi: { type: 'say', text: 'Hello from the mini flow', next: 'bye' },
        bye: { type: 'recap', nextStep: { who: 'We', what: 'wave' }, resolved: true },
      },
    };
    const url = URL.createObjectURL(new Blob([JSON.stringify(flow)], { type: 'application/json' }));
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" flow=${url}></attune-chat>`);
    await until(() => deep(list(el), '[part=bubble]')?.textContent?.includes('Hello from the mini flow'), 'flow greeting', 300);
  });

  it('preventDefault() on attune-send keeps the message from being sent', async () => {
    const { conversation } = scripted();
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${conversation}></attune-chat>`);
    el.addEventListener('attune-send', (e) => e.preventDefault());
    textarea(el).focus();
    await sendKeys({ type: 'Not this one' });
    await sendKeys({ press: 'Enter' });
    expect(conversation.getSnapshot().messages).to.have.length(0);
    expect(textarea(el).value).to.equal('Not this one');
    conversation.dispose();
  });

  it('renders hostile agent text inert', async () => {
    const { conversation, transport } = scripted();
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${conversation}></attune-chat>`);
    transport.emit({
      type: 'text',
      id: 'x',
      from: 'agent',
      text: '<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">x</a> &#60;b&#62;',
    });
    const bubble = await until(() => deep(list(el), '[part=bubble]'), 'bubble');
    expect(bubble.querySelector('img,script,a')).to.equal(null);
    expect(bubble.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(bubble.textContent).to.contain('&#60;b&#62;');
    conversation.dispose();
  });

  it('exposes nested parts to ::part() through exportparts', async () => {
    const { conversation, transport } = scripted();
    const style = document.createElement('style');
    style.textContent = 'attune-chat::part(option) { outline: 3px solid rgb(255, 0, 0); } attune-chat::part(bubble) { letter-spacing: 3px; }';
    document.head.append(style);
    const el = await fixture<AttuneChat>(html`<attune-chat mode="inline" .conversation=${conversation}></attune-chat>`);
    transport.emit({ type: 'text', id: 't', from: 'agent', text: 'Hi' });
    transport.emit({
      type: 'choice',
      id: 'p',
      prompt: 'Pick',
      options: [
        { id: 'a', label: 'A' },
        { id: 'b', label: 'B' },
      ],
    });
    const option = await until(() => deep(list(el), 'attune-option-picker', '[part~=option]'), 'option');
    expect(getComputedStyle(option).outlineColor).to.equal('rgb(255, 0, 0)');
    expect(getComputedStyle(deep(list(el), '[part=bubble]')!).letterSpacing).to.equal('3px');
    style.remove();
    conversation.dispose();
  });
});
