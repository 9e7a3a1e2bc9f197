import { expect } from '@open-wc/testing';
import { StrictMode, useEffect, useRef, version } from 'react';
import * as React from 'react';
import type { ClientEvent } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
import type { ScriptedTransport } from '@attune/core/testing';
import { useChat } from '../src/index.js';
import type { UseChatResult } from '../src/index.js';
import { CustomChat } from './fixtures/custom-chat.js';
import { click, deepActiveElement, failOnConsoleError, flush, mount, press, sendKeys, step, type } from './fixtures/harness.js';

const ofType = <T extends ClientEvent['type']>(t: ScriptedTransport, type: T) => t.sent.filter((e): e is Extract<ClientEvent, { type: T }> => e.type === type);

/** Mounts the custom UI over a scripted transport; `chat()` is what useChat returned last. */
async function setup(options: { strict?: boolean; transport?: ScriptedTransport } = {}) {
  const transport = options.transport ?? createScriptedTransport({ autoAck: true });
  let last: UseChatResult | undefined;
  const ui = <CustomChat options={{ transport }} onRender={(c) => (last = c)} />;
  const m = await mount(options.strict ? <StrictMode>{ui}</StrictMode> : ui);
  await flush();
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects
  const $ = <E extends Element = HTMLElement>(selector: string) => m.host.querySelector<E>(selector);
  const $$ = (selector: string) => [...m.host.querySelectorAll<HTMLElement>(selector)];
  return { transport, m, $, $$, chat: () => last!, emit: (e: Parameters<ScriptedTransport['emit']>[0]) => step(() => transport.emit(e)) };
}

async function sendText(s: Awaited<ReturnType<typeof setup>>, text: string) {
  await type(s.$<HTMLInputElement>('input[aria-label="Message"]')!, text);
  await click(s.$('button[type="submit"]'));
}

describe(`useChat + primitive hooks (React ${version})`, () => {
  failOnConsoleError();

  it('connects on mount, shows the empty state, then messages as they arrive', async () => {
    const s = await setup();
    expect(s.transport.connects).to.equal(1);
    expect(s.$('[data-testid="status"]')!.textContent).to.equal('open');
    expect(s.$('[data-testid="empty"]')).to.not.equal(null);

    await s.emit({ type: 'typing', on: true });
    expect(s.$('[data-testid="typing"]')).to.not.equal(null);
    await s.emit({ type: 'text', id: 'a1', from: 'agent', text: 'Hi! How can I help?', at: 1 });
    await s.emit({ type: 'typing', on: false });
    expect(s.$('[data-testid="empty"]')).to.equal(null);
    expect(s.$('[data-testid="typing"]')).to.equal(null);
    expect(s.$('p[data-from="agent"]')!.textContent).to.equal('Hi! How can I help?');

    await sendText(s, 'My parcel never arrived');
    const sent = ofType(s.transport, 'message');
    expect(sent.map((e) => e.text)).to.deep.equal(['My parcel never arrived']);
    const mine = s.$('p[data-from="customer"]')!;
    expect(mine.textContent).to.equal('My parcel never arrived');
    expect(mine.dataset.status).to.equal('sent');
    expect(s.chat().messages.map((m) => m.id)).to.deep.equal(['a1', sent[0]!.id]);
    expect(s.chat().tone?.tone).to.be.a('string');
  });

  it('keeps action identities stable across renders and exposes the conversation', async () => {
    const s = await setup();
    const first = s.chat();
    await s.emit({ type: 'text', id: 'a1', from: 'agent', text: 'Hello', at: 1 });
    const second = s.chat();
    expect(second).to.not.equal(first);
    for (const name of ['send', 'confirmEcho', 'correctEcho', 'choose', 'requestHuman', 'rate', 'end', 'retry'] as const) {
      expect(second[name], name).to.equal(first[name]);
    }
    expect(second.conversation).to.equal(first.conversation);
    await step(() => second.requestHuman());
    await step(() => second.end());
    expect(s.transport.sent.map((e) => e.type)).to.deep.equal(['handoff.request', 'end']);
  });

  it('surfaces a send error synchronously and never queues bad input', async () => {
    const s = await setup();
    expect(() => s.chat().send('   '))
      .to.throw()
      .with.property('code', 'input/empty');
    expect(s.transport.sent).to.deep.equal([]);
  });

  it("send(text, { id }) sends with the caller's id, as the type promises", async () => {
    const s = await setup();
    const id = s.chat().send('Hello, with my id', { id: 'client-42' });
    await flush();
    expect(id).to.equal('client-42');
    expect(ofType(s.transport, 'message').map((e) => e.id)).to.deep.equal(['client-42']);
    expect(s.chat().messages.map((m) => m.id)).to.include('client-42');
  });

  it('retries a failed message through retry()', async () => {
    const transport = createScriptedTransport();
    const s = await setup({ transport });
    const id = s.chat().send('Hello?');
    await flush();
    // The server refuses this message for good: it shows failed, then the customer retries it.
    await s.emit({ type: 'error', code: 'rejected', message: 'Refused', id });
    expect(s.chat().messages.find((m) => m.id === id)).to.include({ status: 'failed' });
    await step(() => s.chat().retry(id));
    expect(ofType(transport, 'message').map((e) => e.id)).to.deep.equal([id, id]);
    await step(() => transport.ack(id));
    expect(s.chat().messages.find((m) => m.id === id)).to.include({ status: 'sent' });
  });

  it('disposes the conversation on unmount', async () => {
    const s = await setup();
    const { conversation } = s.chat();
    await s.m.unmount();
    await flush();
    expect(s.transport.context!.signal.aborted).to.equal(true);
    expect(conversation.getSnapshot().status).to.equal('closed');
    expect(() => conversation.send('still there?'))
      .to.throw()
      .with.property('code', 'conversation/disposed');
  });

  describe('paraphrase echo (useParaphraseEcho)', () => {
    const echo = (id: string) =>
      ({
        type: 'echo',
        id,
        about: 'm1',
        text: 'It sounds like your parcel is late — did I get that right?',
        reflection: 'your parcel is late',
        state: 'proposed',
        at: 2,
      }) as const;

    it('confirms through the confirm button', async () => {
      const s = await setup();
      await s.emit(echo('e1'));
      const group = s.$('[role="group"]')!;
      expect(s.$(`#${CSS.escape(group.getAttribute('aria-labelledby')!)}`)!.textContent).to.contain('your parcel is late');
      const [confirm, correct] = s.$$('[role="group"] button');
      expect(confirm!.textContent).to.not.equal('');
      await click(confirm!);
      expect(ofType(s.transport, 'echo.confirm')).to.have.length(1).and.nested.property('[0].echoId', 'e1');
      expect(group.dataset.state).to.equal('confirmed');
      expect((confirm as HTMLButtonElement).disabled).to.equal(true);
      expect((correct as HTMLButtonElement).disabled).to.equal(true);
    });

    it('corrects with the customer’s words, by keyboard in the correction field', async () => {
      const s = await setup();
      await s.emit(echo('e2'));
      const correct = s.$$('[role="group"] button')[1]!;
      expect(correct.getAttribute('aria-expanded')).to.equal('false');
      await click(correct);
      expect(correct.getAttribute('aria-expanded')).to.equal('true');
      const field = s.$<HTMLInputElement>('[role="group"] input')!;
      expect(correct.getAttribute('aria-controls')).to.equal(field.id);
      await type(field, 'It arrived broken, not late');
      field.focus();
      const enter = await press('Enter');
      expect(enter.defaultPrevented).to.equal(true);
      expect(ofType(s.transport, 'echo.correct').map((e) => [e.echoId, e.text])).to.deep.equal([['e2', 'It arrived broken, not late']]);
      expect(s.chat().messages.find((m) => m.id === 'e2')).to.include({ state: 'corrected', correction: 'It arrived broken, not late' });
      expect(s.$('[role="group"] input')).to.equal(null);
    });

    it('closes the correction field with Escape without correcting', async () => {
      const s = await setup();
      await s.emit(echo('e3'));
      await click(s.$$('[role="group"] button')[1]!);
      s.$<HTMLInputElement>('[role="group"] input')!.focus();
      await press('Escape');
      expect(s.$('[role="group"] input')).to.equal(null);
      expect(ofType(s.transport, 'echo.correct')).to.deep.equal([]);
    });
  });

  describe('option picker (useOptionPicker)', () => {
    const choice = {
      type: 'choice',
      id: 'c1',
      prompt: 'What would help most?',
      options: [
        { id: 'refund', label: 'A refund' },
        { id: 'resend', label: 'Send it again', description: 'Ships today' },
        { id: 'human', label: 'Talk to a person' },
      ],
      at: 3,
    } as const;

    it('renders a labelled radio group with one tab stop', async () => {
      const s = await setup();
      await s.emit(choice);
      const group = s.$('[role="radiogroup"]')!;
      expect(s.$(`#${CSS.escape(group.getAttribute('aria-labelledby')!)}`)!.textContent).to.equal('What would help most?');
      const radios = s.$$('[role="radio"]');
      expect(radios.map((r) => r.tagName)).to.deep.equal(['BUTTON', 'BUTTON', 'BUTTON']);
      expect(radios.map((r) => r.tabIndex)).to.deep.equal([0, -1, -1]);
      expect(radios.map((r) => r.getAttribute('aria-checked'))).to.deep.equal(['false', 'false', 'false']);
      expect(new Set(radios.map((r) => r.id)).size).to.equal(3);
    });

    it('moves focus with arrows, Home and End (roving tabindex), and chooses with Enter', async () => {
      const s = await setup();
      await s.emit(choice);
      const radios = () => s.$$('[role="radio"]');
      const focused = () => radios().indexOf(deepActiveElement() as HTMLElement);
      await step(() => radios()[0]!.focus());
      expect(focused()).to.equal(0);

      const right = await press('ArrowRight');
      expect(right.defaultPrevented).to.equal(true);
      expect(focused()).to.equal(1);
      expect(radios().map((r) => r.tabIndex)).to.deep.equal([-1, 0, -1]);
      await press('ArrowDown');
      expect(focused()).to.equal(2);
      await press('ArrowRight');
      expect(focused(), 'wraps to the first').to.equal(0);
      await press('ArrowLeft');
      expect(focused(), 'wraps to the last').to.equal(2);
      await press('Home');
      expect(focused()).to.equal(0);
      await press('End');
      expect(focused()).to.equal(2);
      await press('ArrowUp');
      expect(focused()).to.equal(1);
      expect(radios()[1]!.hasAttribute('data-highlighted')).to.equal(true);

      await press('Enter');
      expect(ofType(s.transport, 'choose').map((e) => [e.pickerId, e.optionId])).to.deep.equal([['c1', 'resend']]);
      expect(radios().map((r) => r.getAttribute('aria-checked'))).to.deep.equal(['false', 'true', 'false']);
      expect(radios().map((r) => (r as HTMLButtonElement).disabled)).to.deep.equal([true, false, true]);
      expect(s.$('[role="radiogroup"]')!.getAttribute('aria-disabled')).to.equal('true');

      // Choosing is final: more keys neither move nor choose again.
      await press('ArrowRight');
      await press(' ');
      expect(ofType(s.transport, 'choose')).to.have.length(1);
    });

    it('works with real key presses (Tab in, arrows, Space) and chooses once', async () => {
      const s = await setup();
      await s.emit(choice);
      const radios = () => s.$$('[role="radio"]');
      const before = document.body.insertBefore(document.createElement('button'), document.body.firstChild);
      before.textContent = 'before';
      try {
        await step(() => before.focus());
        // Roving tabindex: the group is one tab stop, which follows the highlighted option.
        await sendKeys({ press: 'Tab' });
        expect(deepActiveElement()).to.equal(radios()[0]);
        await sendKeys({ press: 'ArrowRight' });
        expect(deepActiveElement()).to.equal(radios()[1]);
        await sendKeys({ press: 'Tab' });
        expect(radios()).to.not.include(deepActiveElement(), 'one Tab leaves the group');
        await sendKeys({ press: 'Shift+Tab' });
        expect(deepActiveElement(), 'Shift+Tab returns to the highlighted option').to.equal(radios()[1]);
        await sendKeys({ press: 'Space' });
        expect(ofType(s.transport, 'choose').map((e) => e.optionId)).to.deep.equal(['resend']);
        expect(radios()[1]!.getAttribute('aria-checked')).to.equal('true');
      } finally {
        before.remove();
      }
    });

    it('chooses with Space and by click', async () => {
      const s = await setup();
      await s.emit(choice);
      await s.emit({ ...choice, id: 'c2' });
      const [first, second] = s.$$('[role="radiogroup"]');
      await step(() => first!.querySelectorAll<HTMLElement>('[role="radio"]')[0]!.focus());
      await press(' ');
      await click(second!.querySelectorAll('[role="radio"]')[2]!);
      expect(ofType(s.transport, 'choose').map((e) => [e.pickerId, e.optionId])).to.deep.equal([
        ['c1', 'refund'],
        ['c2', 'human'],
      ]);
    });
  });

  describe('closing recap and CSAT (useClosingRecap, useCsat)', () => {
    it('renders the recap as a labelled region with every section', async () => {
      const s = await setup();
      await s.emit({
        type: 'recap',
        id: 'r1',
        understood: 'Your parcel arrived broken.',
        done: ['We issued a refund.'],
        nextStep: { who: 'Our warehouse', what: 'sends a new one', when: 'by Friday' },
        resolved: false,
        impact: 'We know this cost you a week.',
        care: 'Thanks for bearing with us.',
        at: 4,
      });
      const region = s.$('[role="region"]')!;
      const heading = s.$(`#${CSS.escape(region.getAttribute('aria-labelledby')!)}`)!;
      expect(heading.tagName).to.equal('H3');
      expect(heading.textContent).to.not.equal('');
      expect([...region.querySelectorAll<HTMLElement>('[data-section]')].map((e) => e.dataset.section)).to.deep.equal([
        'status',
        'understood',
        'done',
        'nextStep',
        'care',
      ]);
      expect(region.textContent).to.contain('We know this cost you a week.');
      expect(region.textContent).to.contain('Our warehouse: sends a new one');
      expect(region.textContent).to.contain('by Friday');
      expect(region.dataset.state).to.equal('unresolved');
    });

    it('rates with one tap, then sends the optional comment', async () => {
      const s = await setup();
      await s.emit({ type: 'csat', id: 's1', prompt: 'How did we do?', scale: 5, at: 5 });
      const scores = () => s.$$('[data-part="score"]');
      expect(scores().map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false', 'false', 'false', 'false']);
      const comment = s.$<HTMLTextAreaElement>('textarea')!;
      expect(comment.disabled, 'comment waits for a score').to.equal(true);

      await click(scores()[3]!);
      expect(ofType(s.transport, 'csat').map((e) => [e.score, e.comment])).to.deep.equal([[4, undefined]]);
      expect(scores()[3]!.getAttribute('aria-pressed')).to.equal('true');
      expect(comment.disabled).to.equal(false);

      await type(comment, 'Quick and kind');
      await click(s.$('[data-part="submit"]'));
      expect(ofType(s.transport, 'csat').map((e) => [e.score, e.comment])).to.deep.equal([
        [4, undefined],
        [4, 'Quick and kind'],
      ]);
      expect(s.chat().messages.find((m) => m.id === 's1')).to.include({ score: 4, comment: 'Quick and kind' });
      expect(scores().every((b) => (b as HTMLButtonElement).disabled)).to.equal(true);
    });
  });

  describe('StrictMode', () => {
    it('connects once, keeps one live conversation and sends once', async () => {
      const s = await setup({ strict: true });
      expect(s.transport.connects).to.equal(1);
      expect(s.transport.context!.signal.aborted).to.equal(false);
      expect(s.$('[data-testid="status"]')!.textContent).to.equal('open');
      await sendText(s, 'Where is my refund?');
      await s.emit({ type: 'text', id: 'a1', from: 'agent', text: 'Checking now.', at: 1 });
      expect(ofType(s.transport, 'message').map((e) => e.text)).to.deep.equal(['Where is my refund?']);
      expect(s.$$('p[data-from]').map((p) => p.textContent)).to.deep.equal(['Where is my refund?', 'Checking now.']);
      expect(s.transport.connects).to.equal(1);
      await s.m.unmount();
      await flush();
      expect(s.transport.context!.signal.aborted).to.equal(true);
    });

    it('delivers a message sent during the mount (before the connection opened) exactly once', async () => {
      const transport = createScriptedTransport({ autoOpen: false, autoAck: true });
      let result: UseChatResult | undefined;
      function SendsOnMount() {
        const chat = useChat({ transport });
        result = chat;
        const once = useRef(false);
        // StrictMode runs this effect twice on mount; the ref (which survives) keeps it to one send.
        useEffect(() => {
          if (once.current) return;
          once.current = true;
          chat.send('Hello from the mount');
        }, [chat]);
        return <p>{chat.messages.length}</p>;
      }
      const m = await mount(
        <StrictMode>
          <SendsOnMount />
        </StrictMode>,
      );
      await flush();
      expect(result!.status).to.equal('connecting');
      await step(() => transport.setStatus('open'));
      expect(ofType(transport, 'message').map((e) => e.text)).to.deep.equal(['Hello from the mount']);
      expect(result!.messages).to.have.length(1).and.nested.property('[0].status', 'sent');
      expect(transport.connects).to.equal(1);
      expect(m.host.textContent).to.equal('1');
    });

    const Activity = (React as { Activity?: React.ComponentType<{ mode: 'visible' | 'hidden'; children?: React.ReactNode }> }).Activity;
    (Activity ? it : it.skip)('resumes the same conversation, outbox included, after <Activity> hid it (React 19.2+)', async () => {
      const transport = createScriptedTransport();
      let result: UseChatResult | undefined;
      function Chat() {
        result = useChat({ transport });
        return <p>{result.messages.map((msg) => (msg.kind === 'text' ? msg.text : '')).join()}</p>;
      }
      const App = ({ mode }: { mode: 'visible' | 'hidden' }) => <StrictMode>{React.createElement(Activity!, { mode }, <Chat />)}</StrictMode>;
      const m = await mount(<App mode="visible" />);
      await flush();
      const before = result!;
      transport.fail(1);
      const id = before.send('Are you there?');
      await flush();
      expect(ofType(transport, 'message')).to.deep.equal([]);
      await m.render(<App mode="hidden" />);
      await flush();
      expect(before.conversation.getSnapshot().status, 'hidden long enough: disposed').to.equal('closed');
      await m.render(<App mode="visible" />);
      await flush();
      const after = result!;
      expect(after.conversation).to.not.equal(before.conversation);
      expect(after.conversation.id).to.equal(before.conversation.id);
      expect(after.send).to.equal(before.send);
      expect(transport.connects).to.equal(2);
      expect(after.messages.map((msg) => msg.id)).to.deep.equal([id]);
      expect(
        ofType(transport, 'message').map((e) => e.id),
        'the stored outbox went out',
      ).to.deep.equal([id]);
    });
  });
});
