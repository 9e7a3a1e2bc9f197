// Hydrates the server HTML of fixtures/ssr-app.tsx (the app ssr.test.tsx renders in Node)
// and fails on any hydration warning or recoverable error.
import { expect } from '@open-wc/testing';
import { act, version } from 'react';
import { hydrateRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { createScriptedTransport } from '@attune/core/testing';
import { SsrApp, ssrMarkers } from './fixtures/ssr-app.js';
import { failOnConsoleError, flush } from './fixtures/harness.js';

async function hydrate(html: string) {
  const host = document.body.appendChild(document.createElement('div'));
  host.innerHTML = html;
  const transport = createScriptedTransport({ autoAck: true });
  const recoverable: unknown[] = [];
  let root: Root | undefined;
  await act(async () => {
    root = hydrateRoot(host, <SsrApp transport={transport} />, { onRecoverableError: (error) => void recoverable.push(error) });
  });
  await flush();
  return {
    host,
    transport,
    recoverable,
    async unmount() {
      await act(async () => root!.unmount());
      host.remove();
    },
  };
}

describe(`hydration (React ${version})`, () => {
  const console = failOnConsoleError();

  it('hydrates the server HTML without warnings, then connects', async () => {
    const server = createScriptedTransport();
    const html = renderToString(<SsrApp transport={server} />);
    for (const marker of ssrMarkers) expect(html).to.contain(marker);
    expect(server.connects, 'the server render did not connect').to.equal(0);

    const page = await hydrate(html);
    expect(page.recoverable).to.deep.equal([]);
    expect(page.transport.connects).to.equal(1);
    expect(page.host.querySelector('[data-testid="status"]')!.textContent).to.equal('open');
    await act(async () => page.transport.emit({ type: 'text', id: 'a1', from: 'agent', text: 'Hello there', at: 1 }));
    await flush();
    expect(page.host.querySelector('[role="log"]')!.textContent).to.equal('Hello there');
    expect(page.host.querySelector('[data-testid="last"]')!.textContent).to.equal('last:a1');
    await page.unmount();
  });

  it('would report a mismatch (control: the checks above can fail)', async () => {
    console.allow();
    const html = renderToString(<SsrApp transport={createScriptedTransport()} />).replace('Ask us anything.', 'Something else.');
    const page = await hydrate(html);
    expect(page.recoverable.length, 'a recoverable hydration error').to.be.greaterThan(0);
    await page.unmount();
  });
});
