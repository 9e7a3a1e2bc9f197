import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { AttuneChat } from '../src/index.js';
import { createConversation, detectTone } from '@attune/core';
import { aiSdkTransport } from '@attune/core/ai-sdk';
import { deep, until } from './helpers.js';

// The reply streams from an AI SDK route (the real `ai` package with a scripted model) that
// web-test-runner.config.mjs mounts at POST /ai-sdk/chat on the loopback test server.
describe('<attune-chat> with aiSdkTransport', () => {
  it('renders a streamed AI SDK reply, then the data-attune echo and option picker; choosing answers the backend', async () => {
    const conversation = createConversation({ transport: aiSdkTransport({ api: '/ai-sdk/chat', tone: detectTone }) });
    const el = await fixture<AttuneChat>(
      html`<attune-chat mode="inline" style="block-size: 520px; inline-size: 380px" .conversation=${conversation}></attune-chat>`,
    );
    conversation.send('My parcel never arrived and I need it for Friday');
    const agent = () => deep(el, 'attune-message-list', '[part~=agent] [part=bubble]');
    // While streaming, the bubble is busy and holds part of the text.
    await until(() => agent()?.getAttribute('aria-busy') === 'true', 'streaming bubble', 600);
    await until(() => agent()?.textContent?.includes('scripted model'), 'the whole reply', 600);
    await until(() => !agent()?.hasAttribute('aria-busy'), 'stream finished', 600);
    const echo = await until(() => deep(el, 'attune-message-list', 'attune-echo'), 'echo', 600);
    expect(echo.shadowRoot?.textContent ?? echo.textContent).to.contain('My parcel never arrived');
    const picker = await until(() => deep(el, 'attune-message-list', 'attune-option-picker'), 'picker', 600);
    const resend = await until(
      () => [...(picker.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.includes('Send it again')),
      'option button',
      600,
    );
    await expect(el).to.be.accessible();
    resend.click();
    await until(
      () => conversation.getSnapshot().messages.some((m) => m.kind === 'text' && m.from === 'agent' && m.text.startsWith('Done: a new parcel') && !m.streaming),
      'answer to the choice',
      900,
    );
    expect(conversation.getSnapshot().messages.filter((m) => m.kind === 'text' && m.from === 'customer')).to.have.length(1);
    expect(conversation.getSnapshot().error).to.equal(null);
    conversation.dispose();
  });
});
