// Server rendering in plain Node: no DOM globals before, during or after, and useChat
// must not connect (the HTML is the empty state, hydrated by ssr.browser.test.tsx).
import { test } from 'node:test';
import assert from 'node:assert/strict';

const noDom = (when: string) => {
  assert.equal(typeof window, 'undefined', `window exists ${when}`);
  assert.equal(typeof document, 'undefined', `document exists ${when}`);
};

noDom('before importing');

test('reports the React version under test', async () => {
  const { version } = await import('react');
  const { version: domVersion } = await import('react-dom/server');
  assert.equal(domVersion, version);
  assert.equal(version.split('.')[0], process.env.ATTUNE_REACT === '18' ? '18' : '19');
});

test('importing @attune/react touches no DOM globals', async () => {
  const api = await import('../src/index.js');
  noDom('after importing @attune/react');
  for (const name of [
    'useConversation',
    'useChat',
    'useParaphraseEcho',
    'useOptionPicker',
    'useClosingRecap',
    'useCsat',
    'useConversationContext',
    'ConversationProvider',
    'shallowEqual',
  ]) {
    assert.equal(typeof (api as Record<string, unknown>)[name], 'function', name);
  }
});

test('useChat renders the empty state on the server without connecting', async () => {
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { createScriptedTransport } = await import('@attune/core/testing');
  const { SsrApp, ssrMarkers } = await import('./fixtures/ssr-app.js');
  const transport = createScriptedTransport();
  const html = renderToString(createElement(SsrApp, { transport, onRender: () => noDom('while rendering') }));
  noDom('after rendering');
  for (const marker of ssrMarkers) assert.ok(html.includes(marker), `missing ${marker} in ${html}`);
  assert.equal(transport.connects, 0, 'connected during server rendering');
  assert.deepEqual(transport.sent, []);
});

test('@attune/react/widget imports and renders <attune-chat> on the server', async () => {
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { AttuneChat } = await import('../src/widget.js');
  noDom('after importing @attune/react/widget');
  const html = renderToString(createElement(AttuneChat, { id: 'help', heading: 'Help', mode: 'inline', onSend: () => {} }));
  noDom('after rendering <AttuneChat>');
  // Element properties (heading, mode, conversation) and event props are applied in the
  // browser, once the element exists; plain attributes are in the HTML.
  assert.equal(html, '<attune-chat id="help"></attune-chat>');
});
