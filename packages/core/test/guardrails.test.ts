import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGuardrails } from '../src/guardrails/guardrails.js';
import { splitSentences } from '../src/guardrails/sentences.js';
import { createConversation } from '../src/conversation/index.js';
import { memoryStorage } from '../src/storage/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import type { TextMessage } from '../src/types.js';
import { AttuneError } from '../src/errors.js';

const split = (text: string, final = true): string[] => splitSentences(text, final).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits on terminators followed by a capital, keeping the spaces with the sentence before', () => {
    assert.deepEqual(split('Hi there. How are you? Fine!'), ['Hi there. ', 'How are you? ', 'Fine!']);
  });
  it('keeps abbreviations, initials, decimals, versions, URLs and lower-case continuations whole', () => {
    const text = 'Dr. Lee said e.g. the fee is 3.5 USD, see https://example.com/a.b?x=1. J. R. Smith agreed… and left. Version v1.2.3 is out.';
    assert.deepEqual(split(text), [
      'Dr. Lee said e.g. the fee is 3.5 USD, see https://example.com/a.b?x=1. ',
      'J. R. Smith agreed… and left. ',
      'Version v1.2.3 is out.',
    ]);
  });
  it('cuts at line breaks (markdown lists and paragraphs) and keeps a fenced code block whole', () => {
    const text = 'Steps:\n- Open **Settings**.\n- Tap *Reset*.\n\n```\na. b\nC. D\n```\nDone.';
    assert.deepEqual(split(text), ['Steps:\n', '- Open **Settings**.\n', '- Tap *Reset*.\n\n', '```\na. b\nC. D\n```\n', 'Done.']);
  });
  it('covers the text exactly, and the last sentence of a streaming text is not complete', () => {
    const text = 'One. Two. Thr';
    const parts = splitSentences(text, false);
    assert.equal(parts.map((p) => text.slice(p.start, p.end)).join(''), text);
    assert.deepEqual(
      parts.map((p) => p.complete),
      [true, true, false],
    );
    assert.deepEqual(
      splitSentences('Sorry about that.', false).map((p) => p.complete),
      [false],
      'a terminator at the very end may still be "3." of "3.5"',
    );
  });
  it('handles closing quotes and markdown emphasis after the terminator', () => {
    assert.deepEqual(split('He said "done." Then **stop.** Next'), ['He said "done." ', 'Then **stop.** ', 'Next']);
  });
});

describe('createGuardrails', () => {
  const APOLOGIES = [
    'Sorry about that.',
    'I apologize for the trouble.',
    'My apologies for the confusion.',
    "We're so sorry to hear this.",
    "I'm really sorry.",
  ];

  it('keeps one apology per conversation and drops the rest, whatever the phrasing', () => {
    const g = createGuardrails();
    const shown = APOLOGIES.map((a, i) => g.apply(`m${String(i)}`, `${a} Your refund of $12.50 is on its way.`, true));
    assert.equal(shown[0]?.text, 'Sorry about that. Your refund of $12.50 is on its way.');
    assert.equal(shown[0]?.apologyKept, true);
    for (const s of shown.slice(1)) {
      assert.equal(s.text, 'Your refund of $12.50 is on its way.');
      assert.equal(s.dropped.length, 1);
      assert.equal(s.dropped[0]?.rule, 'apology');
    }
  });

  it('cuts an apology lead-in and keeps the content ("Sorry, but…")', () => {
    const g = createGuardrails({ maxApologies: 0 });
    assert.equal(g.apply('a', "Sorry, but we can't refund after 30 days.", true).text, "We can't refund after 30 days.");
    assert.equal(g.apply('b', "I'm sorry for the wait — your parcel ships today.", true).text, 'Your parcel ships today.');
    assert.equal(g.apply('c', 'My apologies: the correct price is $20.', true).text, 'The correct price is $20.');
    assert.equal(g.apply('d', 'Sorry, I mixed up the dates. It ships Monday.', true).text, 'I mixed up the dates. It ships Monday.');
    assert.deepEqual(g.apply('e', 'Sorry about that. It ships Monday.', true).dropped, [{ rule: 'apology', text: 'Sorry about that.' }]);
  });

  it('leaves non-apology uses of "sorry" alone', () => {
    const g = createGuardrails({ maxApologies: 0 });
    for (const text of [
      'The box arrived in a sorry state, so we will replace it.',
      'I feel sorry for the courier, the roads are closed. We will ship Monday.',
    ]) {
      const r = g.apply(text, text, true);
      assert.equal(r.text, text);
      assert.deepEqual(r.dropped, []);
    }
  });

  it('drops a repeated empathy phrase, but not one with real content', () => {
    const g = createGuardrails();
    assert.equal(g.apply('a', 'I understand how frustrating this is. Let me check.', true).text, 'I understand how frustrating this is. Let me check.');
    const again = g.apply('b', 'I completely understand how frustrating this is. Your order ships today.', true);
    assert.equal(again.text, 'Your order ships today.');
    assert.equal(again.dropped[0]?.rule, 'repeated-empathy');
    const content = 'I understand your order number is 4412 and it was placed on Monday from the Berlin store.';
    assert.equal(g.apply('c', content, true).text, content);
  });

  it('flags sympathy without a next step, once, when the reply is complete', () => {
    const g = createGuardrails();
    assert.equal(g.apply('a', 'That sounds really frustrating.', false).noNextStep, false, 'not while streaming');
    assert.equal(g.apply('a', 'That sounds really frustrating.', true).noNextStep, true);
    assert.equal(g.apply('a', 'That sounds really frustrating.', true).noNextStep, false, 'reported once');
    assert.equal(g.apply('b', 'I can only imagine. I will send a new pair today.', true).noNextStep, false);
  });

  it('never shows and then hides a streamed sentence: an apology is held until complete, then dropped', () => {
    const g = createGuardrails({ maxApologies: 0 });
    const raw = "We're so sorry about the delay. Your parcel left the depot this morning and arrives tomorrow.";
    let previous = '';
    for (let n = 1; n <= raw.length; n++) {
      const { text } = g.apply('s', raw.slice(0, n), false);
      assert.ok(text.startsWith(previous), `no flicker at ${String(n)}: "${previous}" → "${text}"`);
      assert.ok(!/sorry/i.test(text), `the apology is never shown (at ${String(n)})`);
      previous = text;
    }
    assert.equal(g.apply('s', raw, true).text, 'Your parcel left the depot this morning and arrives tomorrow.');
  });

  it('streams a sentence without cues as it arrives (after a few words)', () => {
    const g = createGuardrails();
    const r = g.apply('s', 'Your parcel left the depot this morning and', false);
    assert.equal(r.text, 'Your parcel left the depot this morning and');
  });

  it('keeps markdown and code intact', () => {
    const g = createGuardrails({ maxApologies: 0 });
    const raw = 'Sorry about that!\n\n1. Open **Settings** (e.g. on iOS 17.2).\n2. Run `reset --all`.\n\n```sh\necho "Sorry. Really."\n```';
    assert.equal(g.apply('m', raw, true).text, '1. Open **Settings** (e.g. on iOS 17.2).\n2. Run `reset --all`.\n\n```sh\necho "Sorry. Really."\n```');
  });
});

describe('guardrails in a conversation', () => {
  // The guardrails are their own chunk, fetched when a conversation starts: have it in the
  // module cache so each conversation below has them one tick after subscribing.
  const started = async (): Promise<void> => {
    await import('../src/guardrails/wire.js');
    await new Promise((resolve) => setTimeout(resolve, 0));
  };

  const REPLIES = [
    "I'm so sorry your order is late. Let me check where it is.",
    'Sorry about that! The tracking shows it left Berlin on 3.5 days ago (see https://track.example.com/a.b).',
    'I apologize for the inconvenience. I have asked the courier for an update.',
    "My apologies. We're so sorry, but the courier has not answered yet.",
    "We're so sorry. I understand how frustrating this is. I'll send a replacement today.",
  ];

  it('a model that apologises in all 5 streamed replies shows one apology; analytics count what was dropped', async () => {
    const transport = createScriptedTransport({ autoAck: true });
    const conversation = createConversation({ transport, id: 'g1' });
    conversation.subscribe(() => undefined);
    const dropped: string[] = [];
    const apologies: string[] = [];
    conversation.on('guardrailDropped', (e) => dropped.push(`${e.messageId}:${e.rule}:${e.text}`));
    conversation.on('apologyUsed', (e) => apologies.push(e.messageId));
    await started();
    const seen = new Map<string, string>();
    conversation.subscribe(() => {
      for (const m of conversation.getSnapshot().messages) {
        if (m.kind !== 'text' || m.from !== 'agent') continue;
        const before = seen.get(m.id) ?? '';
        assert.ok(m.text.startsWith(before) || !m.streaming, `no flicker in ${m.id}: "${before}" → "${m.text}"`);
        seen.set(m.id, m.text);
      }
    });
    let seq = 0;
    for (const [i, reply] of REPLIES.entries()) {
      const id = `r${String(i)}`;
      transport.emit({ type: 'text', id, from: 'agent', text: '', status: 'streaming', at: 1, seq: ++seq });
      // Token by token, as a model streams.
      const tokens = reply.match(/\S+\s*/g) ?? [];
      let offset = 0;
      for (const token of tokens) {
        transport.emit({ type: 'delta', id, offset, text: token });
        offset += token.length;
        await new Promise((resolve) => setImmediate(resolve));
      }
      transport.emit({ type: 'text', id, from: 'agent', text: reply, status: 'sent', at: 1, seq: ++seq });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    const shown = conversation.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'agent');
    assert.deepEqual(
      shown.map((m) => m.text),
      [
        "I'm so sorry your order is late. Let me check where it is.",
        'The tracking shows it left Berlin on 3.5 days ago (see https://track.example.com/a.b).',
        'I have asked the courier for an update.',
        'The courier has not answered yet.',
        "I understand how frustrating this is. I'll send a replacement today.",
      ],
    );
    const apologyCount = shown.filter((m) => /sorry|apolog/i.test(m.text)).length;
    assert.equal(apologyCount, 1, 'one apology in the transcript');
    assert.equal(shown[1]?.rawText, REPLIES[1], 'the raw text is kept next to what is shown');
    assert.deepEqual(apologies, ['r0']);
    assert.deepEqual(dropped, [
      'r1:apology:Sorry about that!',
      'r2:apology:I apologize for the inconvenience.',
      'r3:apology:My apologies.',
      "r3:apology:We're so sorry, but",
      "r4:apology:We're so sorry.",
    ]);
    conversation.dispose();
  });

  it('a bad maxApologies is refused with config/invalid when the conversation is created', () => {
    for (const maxApologies of [-1, 1.5, Number.NaN]) {
      assert.throws(
        () => createConversation({ transport: createScriptedTransport(), guardrails: { maxApologies } }),
        (e: unknown) => e instanceof AttuneError && e.code === 'config/invalid',
      );
    }
  });

  it('off-switchable: guardrails: false shows the text as sent', () => {
    const transport = createScriptedTransport({ autoAck: true });
    const conversation = createConversation({ transport, id: 'g2', guardrails: false });
    conversation.subscribe(() => undefined);
    transport.emit({ type: 'text', id: 'a', from: 'agent', text: 'Sorry! One.', at: 1 });
    transport.emit({ type: 'text', id: 'b', from: 'agent', text: 'Sorry! Two.', at: 1 });
    assert.deepEqual(
      conversation.getSnapshot().messages.map((m) => (m.kind === 'text' ? m.text : '')),
      ['Sorry! One.', 'Sorry! Two.'],
    );
    conversation.dispose();
  });

  it('maxApologies is configurable', async () => {
    const transport = createScriptedTransport({ autoAck: true });
    const conversation = createConversation({ transport, id: 'g4', guardrails: { maxApologies: 2 } });
    conversation.subscribe(() => undefined);
    await started();
    for (const id of ['a', 'b', 'c']) transport.emit({ type: 'text', id, from: 'agent', text: `Sorry. Step ${id}.`, at: 1 });
    assert.deepEqual(
      conversation.getSnapshot().messages.map((m) => (m.kind === 'text' ? m.text : '')),
      ['Sorry. Step a.', 'Sorry. Step b.', 'Step c.'],
    );
    conversation.dispose();
  });

  it('a restored transcript keeps its apology spent (and shows what it showed)', async () => {
    const storage = memoryStorage();
    const t1 = createScriptedTransport({ autoAck: true });
    const one = createConversation({ transport: t1, id: 'g6', storage });
    one.subscribe(() => undefined);
    await started();
    t1.emit({ type: 'text', id: 'a', from: 'agent', text: 'Sorry for the wait. Here it is.', at: 1, seq: 1 });
    t1.emit({ type: 'text', id: 'b', from: 'agent', text: 'Sorry again. Done.', at: 1, seq: 2 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    one.dispose();
    const t2 = createScriptedTransport({ autoAck: true });
    const two = createConversation({ transport: t2, id: 'g6', storage });
    two.subscribe(() => undefined);
    await started();
    assert.deepEqual(
      two.getSnapshot().messages.map((m) => (m.kind === 'text' ? m.text : '')),
      ['Sorry for the wait. Here it is.', 'Done.'],
    );
    t2.emit({ type: 'text', id: 'c', from: 'agent', text: 'So sorry! Anything else?', at: 1, seq: 3 });
    assert.equal(two.getSnapshot().messages.at(-1)?.kind === 'text' && (two.getSnapshot().messages.at(-1) as TextMessage).text, 'Anything else?');
    two.dispose();
  });

  it('text that arrives before the guardrails are loaded is guarded when they are, in transcript order', async () => {
    const transport = createScriptedTransport({ autoAck: true });
    const conversation = createConversation({ transport, id: 'g7' });
    conversation.subscribe(() => undefined);
    const dropped: string[] = [];
    conversation.on('guardrailDropped', (e) => dropped.push(e.messageId));
    transport.emit({ type: 'text', id: 'a', from: 'agent', text: 'Sorry for the wait. Here it is.', at: 1, seq: 1 });
    transport.emit({ type: 'text', id: 'b', from: 'agent', text: 'Sorry again. Done.', at: 1, seq: 2 });
    await started();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(
      conversation.getSnapshot().messages.map((m) => (m.kind === 'text' ? m.text : '')),
      ['Sorry for the wait. Here it is.', 'Done.'],
    );
    assert.deepEqual(dropped, ['b']);
    conversation.dispose();
  });
});
