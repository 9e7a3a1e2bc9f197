import { expect } from '@open-wc/testing';
import { version } from 'react';
import { isAttuneError } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
import { useChat } from '../src/index.js';
import type { UseChatResult } from '../src/index.js';
import { failOnConsoleError, flush, mount, step } from './fixtures/harness.js';

function Thumbs({ onRender, transport }: { onRender: (c: UseChatResult) => void; transport: ReturnType<typeof createScriptedTransport> }) {
  const chat = useChat({ transport });
  onRender(chat);
  return (
    <ul>
      {chat.messages.map((m) =>
        m.kind === 'text' && m.from === 'agent' ? (
          <li key={m.id} data-id={m.id}>
            {m.text}
            <button type="button" aria-pressed={m.feedback?.value === 'up'} onClick={() => chat.feedback(m.id, m.feedback?.value === 'up' ? null : 'up')}>
              Helpful
            </button>
            <button type="button" aria-pressed={m.feedback?.value === 'down'} onClick={() => chat.feedback(m.id, 'down', 'Wrong or out of date')}>
              Not helpful
            </button>
          </li>
        ) : null,
      )}
    </ul>
  );
}

describe(`useChat().feedback (React ${version})`, () => {
  failOnConsoleError();

  it('rates an agent line: the snapshot shows it, the event is sent, the identity is stable; bad input throws a coded error', async () => {
    const transport = createScriptedTransport({ autoAck: true });
    let last: UseChatResult | undefined;
    const m = await mount(<Thumbs transport={transport} onRender={(c) => (last = c)} />);
    await flush();
    await step(() => transport.emit({ type: 'text', id: 'a1', from: 'agent', text: 'It left the depot.', status: 'sent', at: 1 }));
    const feedback = last!.feedback;
    const [up, down] = [...m.host.querySelectorAll('button')];
    await step(() => down!.click());
    expect(down!.getAttribute('aria-pressed')).to.equal('true');
    expect(last!.messages.find((x) => x.id === 'a1')).to.deep.include({ feedback: { value: 'down', reason: 'Wrong or out of date' } });
    await step(() => up!.click());
    expect(up!.getAttribute('aria-pressed')).to.equal('true');
    expect(down!.getAttribute('aria-pressed')).to.equal('false');
    await step(() => up!.click());
    expect(up!.getAttribute('aria-pressed')).to.equal('false');
    await flush();
    expect(transport.sent.filter((e) => e.type === 'feedback').map((e) => (e.type === 'feedback' ? e.value : ''))).to.deep.equal(['down', 'up', null]);
    expect(last!.feedback).to.equal(feedback);
    let code = '';
    try {
      last!.feedback('nope', 'up');
    } catch (error) {
      code = isAttuneError(error) ? error.code : String(error);
    }
    expect(code).to.equal('message/not-found');
    await m.unmount();
  });
});
