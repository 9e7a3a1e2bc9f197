import { expect } from '@open-wc/testing';
import { useState, version } from 'react';
import { AttuneError, createConversation, isAttuneError } from '@attune/core';
import type { Conversation, ConversationSnapshot } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
import type { ScriptedTransport } from '@attune/core/testing';
import { ConversationProvider, shallowEqual, useConversation, useConversationContext, useOptionPicker } from '../src/index.js';
import { PickerView } from './fixtures/custom-chat.js';
import { deepActiveElement, failOnConsoleError, flush, mount, press, step } from './fixtures/harness.js';

function live(): { transport: ScriptedTransport; conversation: Conversation } {
  const transport = createScriptedTransport({ autoAck: true });
  return { transport, conversation: createConversation({ transport }) };
}

const text = (id: string, body = id) => ({ type: 'text', id, from: 'agent', text: body, at: 1 }) as const;

describe(`useConversation (React ${version})`, () => {
  failOnConsoleError();

  it('re-renders only when the selected slice changes', async () => {
    const { transport, conversation } = live();
    let renders = 0;
    function Count() {
      renders++;
      return <p>{useConversation(conversation, (s) => s.messages.length)}</p>;
    }
    const m = await mount(<Count />);
    await flush();
    const base = renders;
    await step(() => transport.emit({ type: 'typing', on: true }));
    await step(() => transport.emit({ type: 'typing', on: false }));
    expect(conversation.getSnapshot().typing).to.equal(false);
    expect(renders - base, 'typing changed, the count did not').to.equal(0);
    await step(() => transport.emit(text('a1')));
    expect(renders - base).to.equal(1);
    expect(m.host.textContent).to.equal('1');
    // One render per burst of events, however many messages it carries.
    await step(() => {
      transport.emit(text('a2'));
      transport.emit(text('a3'));
    });
    expect(renders - base).to.equal(2);
    expect(m.host.textContent).to.equal('3');
  });

  it('with shallowEqual, a selector that builds arrays re-renders only when their items change', async () => {
    const { transport, conversation } = live();
    const agentIds = (s: ConversationSnapshot) => s.messages.filter((m) => m.kind === 'text').map((m) => m.id);
    const counts = { shallow: 0, identity: 0 };
    function Shallow() {
      counts.shallow++;
      return <p>{useConversation(conversation, agentIds, shallowEqual).join()}</p>;
    }
    function ByIdentity() {
      counts.identity++;
      return <p>{useConversation(conversation, agentIds).join()}</p>;
    }
    await mount(
      <>
        <Shallow />
        <ByIdentity />
      </>,
    );
    await flush();
    const base = { ...counts };
    await step(() => transport.emit({ type: 'echo', id: 'e1', about: 'x', text: 'It sounds like…', reflection: '…', state: 'proposed', at: 1 }));
    expect(counts.shallow - base.shallow, 'an echo is not a text message').to.equal(0);
    expect(counts.identity - base.identity, 'Object.is sees a new array').to.equal(1);
    await step(() => transport.emit(text('a1')));
    expect(counts.shallow - base.shallow).to.equal(1);
  });

  it('returns the same selection across parent re-renders with an inline selector', async () => {
    const { conversation } = live();
    const seen: unknown[] = [];
    let bump: () => void = () => {};
    function Parent() {
      const [n, setN] = useState(0);
      bump = () => setN(n + 1);
      const ids = useConversation(conversation, (s) => s.messages.map((m) => m.id), shallowEqual);
      seen.push(ids);
      return <p>{n}</p>;
    }
    await mount(<Parent />);
    await step(() => bump());
    await step(() => bump());
    expect(seen.length).to.be.greaterThan(2);
    expect(new Set(seen).size).to.equal(1);
  });

  it('returns the whole snapshot without a selector', async () => {
    const { transport, conversation } = live();
    let snapshot: ConversationSnapshot | undefined;
    function Whole() {
      snapshot = useConversation(conversation);
      return null;
    }
    await mount(<Whole />);
    await step(() => transport.emit(text('a1', 'Hello')));
    expect(snapshot).to.equal(conversation.getSnapshot());
    expect(snapshot!.status).to.equal('open');
  });

  it('follows a new conversation and unsubscribes from the old one', async () => {
    const a = live();
    const b = live();
    function Last({ conversation }: { conversation: Conversation }) {
      const messages = useConversation(conversation, (s) => s.messages);
      return <p>{messages.map((m) => (m.kind === 'text' ? m.text : '')).join()}</p>;
    }
    const m = await mount(<Last conversation={a.conversation} />);
    await step(() => a.transport.emit(text('a1', 'from A')));
    expect(m.host.textContent).to.equal('from A');
    await m.render(<Last conversation={b.conversation} />);
    await step(() => b.transport.emit(text('b1', 'from B')));
    await step(() => a.transport.emit(text('a2', 'late A')));
    expect(m.host.textContent).to.equal('from B');
  });
});

describe(`ConversationProvider (React ${version})`, () => {
  failOnConsoleError();

  it('gives nested hooks the conversation', async () => {
    const { transport, conversation } = live();
    let found: Conversation | undefined;
    function Deep() {
      found = useConversationContext();
      return null;
    }
    await mount(
      <ConversationProvider conversation={conversation}>
        <div>
          <Deep />
        </div>
      </ConversationProvider>,
    );
    expect(found).to.equal(conversation);
    expect(transport.connects, 'the provider itself does not subscribe').to.equal(0);
  });

  it('throws a coded config/invalid error without a provider, naming the hook', async () => {
    const caught: unknown[] = [];
    function Orphans() {
      try {
        useConversationContext();
      } catch (e) {
        caught.push(e);
      }
      try {
        useOptionPicker({
          id: 'c',
          prompt: 'p',
          options: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
        });
      } catch (e) {
        caught.push(e);
      }
      return null;
    }
    await mount(<Orphans />);
    expect(caught.length).to.be.greaterThan(1);
    for (const error of caught) {
      expect(isAttuneError(error)).to.equal(true);
      expect(error).to.be.instanceOf(AttuneError).with.property('code', 'config/invalid');
    }
    expect((caught[0] as Error).message).to.match(/useConversationContext\(\).*ConversationProvider/);
    expect((caught[1] as Error).message).to.match(/^useOptionPicker\(\)/);
  });
});

describe(`useOptionPicker focus management (React ${version})`, () => {
  failOnConsoleError();
  const choice = {
    kind: 'choice',
    id: 'c1',
    prompt: 'Pick one',
    options: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
    ],
    at: 1,
  } as const;

  it('moves focus inside a shadow root', async () => {
    const { conversation } = live();
    const outer = document.body.appendChild(document.createElement('div'));
    const shadow = outer.attachShadow({ mode: 'open' });
    const container = shadow.appendChild(document.createElement('div'));
    await mount(
      <ConversationProvider conversation={conversation}>
        <PickerView choice={choice} />
      </ConversationProvider>,
      container,
    );
    const radios = [...shadow.querySelectorAll<HTMLElement>('[role="radio"]')];
    await step(() => radios[0]!.focus());
    await press('ArrowRight');
    expect(deepActiveElement()).to.equal(radios[1]);
    outer.remove();
  });

  it('swaps Left and Right in right-to-left layouts', async () => {
    const { conversation } = live();
    const m = await mount(<PickerViewWith conversation={conversation} />);
    const radios = [...m.host.querySelectorAll<HTMLElement>('[role="radio"]')];
    expect(m.host.querySelector('[role="radiogroup"]')!.getAttribute('dir')).to.equal('rtl');
    await step(() => radios[0]!.focus());
    await press('ArrowLeft');
    expect(deepActiveElement()).to.equal(radios[1]);
  });

  it('keeps ids unique when the same picker renders twice', async () => {
    const { conversation } = live();
    const m = await mount(
      <ConversationProvider conversation={conversation}>
        <PickerView choice={choice} />
        <PickerView choice={choice} />
      </ConversationProvider>,
    );
    const ids = [...m.host.querySelectorAll('[id]')].map((e) => e.id);
    expect(new Set(ids).size).to.equal(ids.length);
    // Keyboard focus stays within the picker the key was pressed in.
    const second = [...m.host.querySelectorAll<HTMLElement>('[role="radiogroup"]')][1]!;
    const radios = [...second.querySelectorAll<HTMLElement>('[role="radio"]')];
    await step(() => radios[0]!.focus());
    await press('End');
    expect(deepActiveElement()).to.equal(radios[1]);
  });

  function PickerViewWith({ conversation }: { conversation: Conversation }) {
    return (
      <ConversationProvider conversation={conversation}>
        <PickerView choice={choice} options={{ dir: 'rtl' }} />
      </ConversationProvider>
    );
  }
});
