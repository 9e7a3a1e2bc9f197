import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { AttuneChat } from '../src/index.js';
import { deep, scripted, until } from './helpers.js';

// A model that apologises in every streamed reply: the widget shows the first apology only,
// and a reply that was nothing but an extra apology leaves no empty bubble.
describe('guardrails in <attune-chat>', () => {
  it('shows one apology across streamed replies and no bubble for an apology-only reply', async () => {
    const { conversation, transport } = scripted();
    const dropped: string[] = [];
    conversation.on('guardrailDropped', (e) => dropped.push(e.text));
    const el = await fixture<AttuneChat>(
      html`<attune-chat mode="inline" style="block-size: 520px; inline-size: 380px" .conversation=${conversation}></attune-chat>`,
    );
    await until(() => transport.connects > 0, 'connect');
    const replies = [
      "I'm so sorry your parcel is late. Let me check the tracking.",
      'Sorry about that! It left the depot on Monday (see https://track.example.com/a.b).',
      'My apologies.',
      'I apologize, but the courier has not answered yet. I will email you by 5 p.m. today.',
    ];
    let seq = 0;
    for (const [i, reply] of replies.entries()) {
      const id = `r${String(i)}`;
      transport.emit({ type: 'text', id, from: 'agent', text: '', status: 'streaming', at: 1, seq: ++seq });
      let offset = 0;
      for (const token of reply.match(/\S+\s*/g) ?? []) {
        transport.emit({ type: 'delta', id, offset, text: token });
        offset += token.length;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      transport.emit({ type: 'text', id, from: 'agent', text: reply, status: 'sent', at: 1, seq: ++seq });
    }
    const bubbles = (): string[] =>
      [...(deep(el, 'attune-message-list')?.shadowRoot?.querySelectorAll('[part~=agent] [part=bubble]') ?? [])].map((b) =>
        (b.textContent ?? '').replace(/\s+/g, ' ').trim(),
      );
    await until(() => bubbles().length === 3 && bubbles()[2]?.includes('5 p.m.'), 'three bubbles');
    const shown = bubbles();
    expect(shown.filter((t) => /sorry|apolog/i.test(t)).length).to.equal(1);
    expect(shown[0]).to.contain("I'm so sorry your parcel is late.");
    expect(shown[1]).to.contain('It left the depot on Monday');
    expect(shown[1]).to.not.contain('Sorry');
    expect(shown[2]).to.contain('The courier has not answered yet. I will email you by 5 p.m. today.');
    expect(dropped).to.deep.equal(['Sorry about that!', 'My apologies.', 'I apologize, but']);
    await expect(el).to.be.accessible();
  });
});
