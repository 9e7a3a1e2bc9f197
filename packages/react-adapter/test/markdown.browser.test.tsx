import { expect } from '@open-wc/testing';
import { version } from 'react';
import { createScriptedTransport } from '@attune/core/testing';
import { Markdown, useChat } from '../src/index.js';
import type { UseChatResult } from '../src/index.js';
import { failOnConsoleError, flush, mount, step } from './fixtures/harness.js';

function StreamingChat({ onRender, transport }: { onRender: (c: UseChatResult) => void; transport: ReturnType<typeof createScriptedTransport> }) {
  const chat = useChat({ transport });
  onRender(chat);
  return (
    <ul>
      {chat.messages.map((m) =>
        m.kind === 'text' ? (
          <li key={m.id} data-id={m.id} aria-busy={m.streaming ? 'true' : undefined}>
            {m.from === 'customer' ? m.text : <Markdown text={m.text} streaming={m.streaming} />}
          </li>
        ) : null,
      )}
    </ul>
  );
}

describe(`Markdown + streaming in React (React ${version})`, () => {
  failOnConsoleError();

  it('renders the safe subset as elements; hostile input stays inert; misleading links show their real destination', async () => {
    const m = await mount(
      <Markdown
        text={
          '**Bold** *em* `code`\n\n- a\n- b\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> [https://your-bank.com](https://evil.example/)\n\n```\n<script>alert(1)</script>\n```'
        }
      />,
    );
    const host = m.host;
    expect(host.querySelector('strong')?.textContent).to.equal('Bold');
    expect(host.querySelector('em')?.textContent).to.equal('em');
    expect(host.querySelectorAll('li')).to.have.length(2);
    expect(host.querySelector('pre code')?.textContent).to.equal('<script>alert(1)</script>');
    expect(host.querySelectorAll('img, script')).to.have.length(0);
    const links = [...host.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://evil.example/']);
    expect(links[0]!.textContent).to.equal('https://evil.example/');
    expect(links[0]!.rel).to.equal('noopener noreferrer nofollow');
    await m.unmount();
  });

  it('useChat exposes isStreaming and stop; the Markdown grows with the stream', async () => {
    const transport = createScriptedTransport({ autoAck: true });
    let last: UseChatResult | undefined;
    const m = await mount(<StreamingChat transport={transport} onRender={(c) => (last = c)} />);
    await flush();
    expect(last!.isStreaming).to.equal(false);
    await step(() => transport.emit({ type: 'text', id: 's1', from: 'agent', text: '', status: 'streaming', at: 1 }));
    await step(() => transport.emit({ type: 'delta', id: 's1', offset: 0, text: 'Step **one' }));
    expect(last!.isStreaming).to.equal(true);
    expect(m.host.querySelector('strong')).to.equal(null);
    await step(() => transport.emit({ type: 'delta', id: 's1', offset: 10, text: '** done' }));
    expect(m.host.querySelector('strong')?.textContent).to.equal('one');
    const stop = last!.stop;
    await step(() => last!.stop());
    expect(last!.stop).to.equal(stop);
    expect(last!.isStreaming).to.equal(false);
    expect(transport.sent.filter((e) => e.type === 'stop').map((e) => e.id)).to.deep.equal(['s1']);
    expect(m.host.querySelector('[aria-busy]')).to.equal(null);
    await m.unmount();
  });
});
