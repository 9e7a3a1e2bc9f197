// Every event prop of <AttuneChat> fires, driven through the real element (its shadow
// DOM) over a real core conversation and the scripted transport.
import { expect, nextFrame } from '@open-wc/testing';
import { act, createRef, version } from 'react';
import { createConversation } from '@attune/core';
import type { Conversation } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
import type { ScriptedTransport } from '@attune/core/testing';
import { attuneEvents } from '@attune/widget/elements';
import { AttuneChat } from '../src/widget.js';
import type { AttuneChatElement, AttuneChatProps } from '../src/widget.js';
import { failOnConsoleError, flush, mount, step } from './fixtures/harness.js';

type Prop = keyof typeof attuneEvents;

/** `querySelector` through every shadow root below `root`. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects
function deepQuery<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T | null {
  const direct = root.querySelector<T>(selector);
  if (direct) return direct;
  for (const el of root.querySelectorAll('*')) {
    const found = el.shadowRoot && deepQuery<T>(el.shadowRoot, selector);
    if (found) return found;
  }
  return null;
}

async function find<T extends Element = HTMLElement>(root: Element, selector: string): Promise<T> {
  for (let i = 0; i < 120; i++) {
    const el = deepQuery<T>(root.shadowRoot ?? root, selector);
    if (el) return el;
    await act(async () => nextFrame());
  }
  throw new Error(`Timed out waiting for ${selector}`);
}

async function typeInto(field: HTMLInputElement | HTMLTextAreaElement, text: string) {
  await step(() => {
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  });
}

async function clickOn(root: Element, selector: string) {
  const el = await find(root, selector);
  await step(() => el.click());
}

describe(`<AttuneChat> from @attune/react/widget (React ${version})`, () => {
  failOnConsoleError();

  let transport: ScriptedTransport;
  let conversation: Conversation;
  let fired: Partial<Record<Prop, CustomEvent[]>>;
  const handlers = () =>
    Object.fromEntries((Object.keys(attuneEvents) as Prop[]).map((prop) => [prop, (e: CustomEvent) => (fired[prop] ??= []).push(e)])) as Pick<
      AttuneChatProps,
      Prop
    >;

  beforeEach(() => {
    transport = createScriptedTransport({ autoAck: true });
    conversation = createConversation({ transport });
    fired = {};
  });
  afterEach(() => conversation.dispose());

  async function render(props: AttuneChatProps = {}) {
    const ref = createRef<AttuneChatElement>();
    const m = await mount(<AttuneChat ref={ref} conversation={conversation} mode="inline" heading="Help" {...handlers()} {...props} />);
    await act(async () => ref.current!.updateComplete);
    await flush();
    return { m, el: ref.current! };
  }

  it('forwards the ref to the registered element and sets properties', async () => {
    const { el } = await render();
    expect(customElements.get('attune-chat')).to.be.a('function');
    expect(el).to.be.instanceOf(customElements.get('attune-chat')!);
    expect(el.conversation).to.equal(conversation);
    expect(el.heading).to.equal('Help');
    expect(el.mode).to.equal('inline');
    expect(transport.connects, 'the element subscribed to the given conversation').to.equal(1);
  });

  it('maps every widget event to an on… prop, each of which fires', async () => {
    const { el } = await render();

    // onSend: type in the composer and press its send button.
    await typeInto(await find<HTMLTextAreaElement>(el, 'textarea[part~="input"]'), 'My parcel is late');
    await clickOn(el, 'button[part~="send"]');
    expect(transport.sent.filter((e) => e.type === 'message')).to.have.length(1);

    // onEchoConfirm and onEchoCorrect: two echoes, answered with their buttons.
    await step(() =>
      transport.emit({ type: 'echo', id: 'e1', about: 'm', text: 'It sounds like your parcel is late?', reflection: 'late', state: 'proposed', at: 1 }),
    );
    await clickOn(el, 'button[part~="confirm"]');
    await step(() =>
      transport.emit({ type: 'echo', id: 'e2', about: 'm', text: 'So it never arrived?', reflection: 'never arrived', state: 'proposed', at: 2 }),
    );
    await clickOn(el, 'button[part~="correct"]:not([disabled])');
    await typeInto(await find<HTMLInputElement>(el, 'input[part~="correction-input"]'), 'It arrived broken');
    await clickOn(el, 'button[part~="correction-submit"]');

    // onChoose: click an option of a picker.
    await step(() =>
      transport.emit({
        type: 'choice',
        id: 'c1',
        prompt: 'What now?',
        options: [
          { id: 'refund', label: 'Refund' },
          { id: 'resend', label: 'Resend' },
        ],
        at: 3,
      }),
    );
    await clickOn(el, 'button[role="radio"]');

    // onHandoff: the server reports a person is on the way.
    await step(() => transport.emit({ type: 'handoff', id: 'h1', state: 'waiting', text: 'A person will join shortly.', at: 4 }));

    // onRecap, then onRate: a recap and a CSAT question, rated with one tap.
    await step(() =>
      transport.emit({
        type: 'recap',
        id: 'r1',
        understood: 'Broken parcel',
        done: ['Refund issued'],
        nextStep: { who: 'We', what: 'email a label' },
        resolved: true,
        care: 'Thanks!',
        at: 5,
      }),
    );
    await step(() => transport.emit({ type: 'csat', id: 's1', prompt: 'How did we do?', scale: 5, at: 6 }));
    await clickOn(el, 'button[part~="score"]:nth-child(4)');

    // onRetry: the server refuses a message for good; the customer retries it.
    let id = '';
    await step(() => {
      id = conversation.send('Hello?');
      // Refused before the scripted transport's automatic ack arrives.
      transport.emit({ type: 'error', code: 'rejected', message: 'Refused', id });
    });
    await clickOn(el, 'button[part~="retry"]');

    // onStop: a reply streams in; the customer stops it.
    await step(() => transport.emit({ type: 'text', id: 'st1', from: 'agent', text: 'Let me', status: 'streaming', at: 7 }));
    await clickOn(el, 'button[part~="stop"]');

    // onFeedback: a thumbs-up on a finished agent line.
    await step(() => transport.emit({ type: 'text', id: 'fb1', from: 'agent', text: 'Here is what I found.', at: 7 }));
    await clickOn(el, 'button[part~="thumb"][part~="up"]');

    // onError: an error the server reports.
    await step(() => transport.emit({ type: 'error', code: 'boom', message: 'Something broke' }));

    // onOpenChange: a second element in launcher mode, opened with its button.
    const launcher = await mount(<AttuneChat conversation={conversation} mode="launcher" {...handlers()} />);
    // onUnread: an agent message while that launcher's panel is closed.
    await step(() => transport.emit({ type: 'text', id: 'a9', from: 'agent', text: 'Still there?', at: 7 }));
    await clickOn(launcher.host.querySelector('attune-chat')!, 'button[part~="launcher"]');

    for (const prop of Object.keys(attuneEvents) as Prop[]) {
      const events = fired[prop] ?? [];
      expect(events.length, `${prop} fired`).to.be.greaterThan(0);
      for (const e of events) {
        expect(e, prop).to.be.instanceOf(CustomEvent);
        expect(e.type, prop).to.equal(attuneEvents[prop]);
      }
    }
    expect(fired.onSend![0]!.detail).to.include({ text: 'My parcel is late' });
    expect(fired.onEchoConfirm![0]!.detail).to.deep.equal({ echoId: 'e1' });
    expect(fired.onEchoCorrect![0]!.detail).to.deep.equal({ echoId: 'e2', text: 'It arrived broken' });
    expect(fired.onChoose![0]!.detail).to.deep.equal({ pickerId: 'c1', optionId: 'refund', label: 'Refund' });
    expect(fired.onHandoff!.map((e) => e.detail.state)).to.include('waiting');
    expect(fired.onRecap![0]!.detail.recap).to.include({ id: 'r1', understood: 'Broken parcel' });
    expect(fired.onRate![0]!.detail).to.deep.equal({ score: 4 });
    expect(fired.onRetry![0]!.detail).to.deep.equal({ id });
    expect(fired.onError!.map((e) => e.detail.error.message).join()).to.contain('Something broke');
    expect(fired.onOpenChange![0]!.detail).to.deep.equal({ open: true });
    expect(fired.onFeedback![0]!.detail).to.deep.equal({ messageId: fired.onFeedback![0]!.detail.messageId, value: 'up' });
    // The actions went through to the conversation (no listener cancelled them).
    expect(transport.sent.map((e) => e.type)).to.include.members(['message', 'echo.confirm', 'echo.correct', 'choose', 'csat', 'feedback']);
  });

  it('lets an event prop cancel the action (preventDefault)', async () => {
    const { el } = await render({ onSend: (e) => e.preventDefault() });
    await typeInto(await find<HTMLTextAreaElement>(el, 'textarea[part~="input"]'), 'Not this one');
    await clickOn(el, 'button[part~="send"]');
    expect(transport.sent).to.deep.equal([]);
  });

  it('swaps handlers and removes them when the prop goes away', async () => {
    const calls: string[] = [];
    const { m, el } = await render({ onOpenChange: () => calls.push('first'), mode: 'launcher' });
    await clickOn(el, 'button[part~="launcher"]');
    await m.render(<AttuneChat conversation={conversation} mode="launcher" onOpenChange={() => calls.push('second')} />);
    await clickOn(el, 'button[part~="launcher"]');
    await m.render(<AttuneChat conversation={conversation} mode="launcher" />);
    await clickOn(el, 'button[part~="launcher"]');
    expect(calls).to.deep.equal(['first', 'second']);
  });
});
