import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import type { Message, TextMessage } from '@attune/core';
import '../src/index.js';
import type { AttuneMessageList } from '../src/index.js';
import { emulateMedia } from './helpers.js';

// Messages that count every read of their properties: rendering or comparing a row reads
// its message; settled history should not be read at all.
const readIds = new Set<string>();
function message(i: number, from: TextMessage['from'] = i % 2 ? 'agent' : 'customer', at = Date.UTC(2025, 0, 1) + i * 600_000): TextMessage {
  const m: TextMessage = { kind: 'text', id: `m${String(i)}`, from, status: 'sent', at, text: `Message number ${String(i)} https://example.com/${String(i)}` };
  return new Proxy(m, {
    get(target, key, receiver) {
      readIds.add(target.id);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

const rows = (el: AttuneMessageList) => [...el.shadowRoot!.querySelectorAll('.items > *')];

describe('<attune-message-list> at scale', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('renders settled history once: an append reads no settled message and touches no other row', async () => {
    const history: Message[] = Array.from({ length: 1_000 }, (_, i) => message(i));
    const el = await fixture<AttuneMessageList>(html`<attune-message-list style="height:400px" .messages=${history}></attune-message-list>`);
    expect(rows(el)).to.have.length(1_000);
    const before = rows(el);
    const mutated = new Set<Node>();
    const observer = new MutationObserver((records) => {
      for (const r of records) mutated.add(r.target);
    });
    observer.observe(el.shadowRoot!.querySelector('.items')!, { subtree: true, childList: true, attributes: true, characterData: true });
    for (let n = 1; n <= 40; n++) {
      // Ten minutes after the last one: a group of its own, so no earlier row changes.
      const fresh = message(999 + n);
      const neighbours = el.messages!.slice(-2).map((m) => m.id);
      el.messages = [...el.messages!, fresh];
      readIds.clear();
      await el.updateComplete;
      // Only the new message and its neighbour (whose group it might have joined, so whose
      // own group is looked at again) are read: the rest of the transcript is not touched.
      const settled = [...readIds].filter((id) => id !== fresh.id && !neighbours.includes(id));
      expect(settled, `append ${String(n)}: settled messages read`).to.deep.equal([]);
    }
    observer.disconnect();
    const after = rows(el);
    expect(after).to.have.length(1_040);
    expect(
      after.slice(0, 1_000).every((row, i) => row === before[i]),
      'old rows are the same nodes',
    ).to.equal(true);
    const touched = [...mutated].filter((node) => node !== el.shadowRoot!.querySelector('.items') && before.some((row) => row.contains(node)));
    expect(touched, 'no mutation inside an existing row').to.deep.equal([]);
    // Reading order and the log semantics are those of plain rows in document order.
    const log = el.shadowRoot!.querySelector('[part=log]')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(after.map((row) => row.querySelector('[part=bubble]')?.textContent?.includes(`number ${String(after.indexOf(row))} `))).to.not.include(false);
  });

  it('a streaming reply re-renders only its own bubble per update', async () => {
    const history: Message[] = Array.from({ length: 300 }, (_, i) => message(i));
    const el = await fixture<AttuneMessageList>(html`<attune-message-list style="height:400px" .messages=${history}></attune-message-list>`);
    let reply: TextMessage = { kind: 'text', id: 'r', from: 'agent', status: 'sent', streaming: true, text: 'Hel', at: Date.UTC(2025, 0, 10) };
    el.messages = [...history, reply];
    await el.updateComplete;
    for (const more of ['lo', ' the', 're', '!']) {
      reply = { ...reply, text: reply.text + more };
      el.messages = [...history, reply];
      readIds.clear();
      await el.updateComplete;
      // The reply's group neighbour and the open-prompt scan's stop are the only ones read.
      expect([...readIds], 'settled messages read').to.have.members(['m298', 'm299']);
    }
    expect(el.shadowRoot!.querySelector('[aria-busy=true]')?.textContent).to.contain('Hello there!');
  });

  it('animates only rows appended after the first render, and none under reduced motion', async () => {
    const history: Message[] = Array.from({ length: 50 }, (_, i) => message(i));
    const el = await fixture<AttuneMessageList>(html`<attune-message-list style="height:400px" .messages=${history}></attune-message-list>`);
    await nextFrame();
    expect(el.shadowRoot!.getAnimations().length, 'a restored transcript appears at once').to.equal(0);
    el.messages = [...history, message(50)];
    await el.updateComplete;
    const animated = el.shadowRoot!.getAnimations().map((a) => (a.effect as KeyframeEffect).target);
    expect(animated).to.deep.equal([rows(el).at(-1)]);
    await emulateMedia({ reducedMotion: 'reduce' });
    for (const a of el.shadowRoot!.getAnimations()) a.finish();
    el.messages = [...el.messages, message(51)];
    await el.updateComplete;
    expect(el.shadowRoot!.getAnimations().length, 'reduced motion: no entrance animation').to.equal(0);
  });

  it('one click listener for the whole list: retry and "show more" work through it', async () => {
    const failed: TextMessage = { kind: 'text', id: 'f1', from: 'customer', status: 'failed', text: 'lost', at: Date.UTC(2025, 0, 1) };
    const long: TextMessage = { kind: 'text', id: 'l1', from: 'agent', status: 'sent', text: `see ${'x'.repeat(400)}`, at: Date.UTC(2025, 0, 2) };
    const el = await fixture<AttuneMessageList>(html`<attune-message-list markdown="off" .messages=${[failed, long]}></attune-message-list>`);
    let retried = '';
    el.addEventListener('attune-retry', (e) => (retried = (e as CustomEvent<{ id: string }>).detail.id));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=retry]')!.click();
    expect(retried).to.equal('f1');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=show-more]')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=show-more]')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain('x'.repeat(400));
    await expect(el).to.be.accessible();
  });
});
