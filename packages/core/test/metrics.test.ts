import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateSummaries, summarizeConversation } from '../src/metrics/index.js';
import type { ConversationSummary, SummaryEvent } from '../src/metrics/index.js';
import { isAttuneError } from '../src/errors.js';
import type {
  ChoiceMessage,
  CsatMessage,
  EchoMessage,
  HandoffMessage,
  HandoffReason,
  HandoffState,
  Message,
  MessageTag,
  NextStep,
  RecapMessage,
  TextMessage,
} from '../src/types.js';

// ---------------------------------------------------------------------------
// Hand-built transcripts: every time is T0 + seconds, so figures are exact.
// ---------------------------------------------------------------------------

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const s = (sec: number): number => T0 + sec * 1000;
const customer = (id: string, sec: number, text: string): TextMessage => ({ kind: 'text', id, from: 'customer', text, at: s(sec), status: 'sent' });
const agent = (id: string, sec: number, text: string, tags?: MessageTag[]): TextMessage => ({
  kind: 'text',
  id,
  from: 'agent',
  text,
  at: s(sec),
  status: 'sent',
  ...(tags ? { tags } : {}),
});
const echo = (id: string, sec: number, about: string, state: EchoMessage['state'], correction?: string): EchoMessage => ({
  kind: 'echo',
  id,
  about,
  at: s(sec),
  text: 'It sounds like your order has not arrived — did I get that right?',
  reflection: 'your order has not arrived',
  state,
  ...(correction ? { correction } : {}),
});
const choice = (id: string, sec: number, chosen?: string, extra: Partial<ChoiceMessage> = {}): ChoiceMessage => ({
  kind: 'choice',
  id,
  at: s(sec),
  prompt: 'What would you like?',
  options: [
    { id: 'refund', label: 'A refund' },
    { id: 'resend', label: 'Send it again' },
  ],
  ...(chosen ? { chosen } : {}),
  purpose: 'flow',
  ...extra,
});
const handoffChoice = (id: string, sec: number, reason: HandoffReason, chosen?: string): ChoiceMessage =>
  choice(id, sec, chosen, {
    purpose: 'handoff',
    reason,
    prompt: 'Would you like to talk to a person?',
    options: [
      { id: 'human', label: 'Talk to a person' },
      { id: 'continue', label: 'Keep going here' },
    ],
  });
const recap = (id: string, sec: number, resolved: boolean, nextStep: NextStep): RecapMessage => ({
  kind: 'recap',
  id,
  at: s(sec),
  understood: 'Your order has not arrived',
  done: ['Checked the tracking'],
  nextStep,
  resolved,
  care: 'Take care.',
});
const handoff = (id: string, sec: number, state: HandoffState, reason?: HandoffReason): HandoffMessage => ({
  kind: 'handoff',
  id,
  at: s(sec),
  state,
  text: state,
  ...(reason ? { reason } : {}),
});
const csat = (id: string, sec: number, score?: number, comment?: string): CsatMessage => ({
  kind: 'csat',
  id,
  at: s(sec),
  prompt: 'How did we do?',
  scale: 5,
  ...(score === undefined ? {} : { score }),
  ...(comment ? { comment } : {}),
});
const snapshot = (messages: Message[], status: 'open' | 'closed' = 'open') => ({ id: 'c1', status, messages, typing: false, tone: null, error: null });

/** Greeting, furious customer, confirmed echo, a choice, a resolved recap with who/what/when, CSAT 5. */
const resolvedTranscript: Message[] = [
  agent('g1', 0, "Hi! I'm here to help. What's going on?", ['question']),
  customer('c1', 10, "My order still hasn't arrived and I'm furious!!"),
  agent('a1', 12, "I can hear how frustrating this has been. I'm sorry about this.", ['acknowledgment', 'apology']),
  echo('e1', 12, 'c1', 'confirmed'),
  agent('a2', 40, 'Got it. Let me check the tracking for you.', ['acknowledgment', 'action']),
  choice('ch1', 41, 'resend'),
  agent('a3', 60, "We'll send a replacement today.", ['action']),
  customer('c2', 90, 'Thanks, that works perfectly!'),
  recap('r1', 95, true, { who: 'We', what: 'send a replacement', when: 'today' }),
  csat('q1', 96, 5, 'Quick!'),
];

/** No greeting, a corrected echo never confirmed, a bare acknowledgment, two apologies, a repeated phrase, an unresolved recap without who and no CSAT. */
const unresolvedTranscript: Message[] = [
  customer('c1', 0, 'I have a question about my invoice'),
  agent('a1', 30, 'Please share your invoice number.', ['question']),
  echo('e1', 31, 'c1', 'corrected', 'The invoice has the wrong address'),
  customer('c2', 60, 'I am so angry, this is the third time I have asked!!'),
  agent('a2', 65, "I understand, that's irritating. I'm sorry for the trouble.", ['acknowledgment', 'apology']),
  customer('c3', 100, 'This is ridiculous, still broken and I am furious!!'),
  agent('a3', 130, "I understand, that's irritating. I'm sorry about this.", ['acknowledgment', 'apology', 'action']),
  recap('r1', 140, false, { who: '', what: 'look into the invoice' }),
];

describe('summarizeConversation: a resolved conversation', () => {
  const summary = summarizeConversation(snapshot(resolvedTranscript));

  it('measures reply times, the first next step and resolution', () => {
    assert.deepEqual(summary.timings, { firstReplyMs: 2000, nextReplyMs: [5000], firstNextStepMs: 30000, resolutionMs: 85000, handoffWaitMs: null });
    assert.equal(summary.startedAt, s(0));
    assert.equal(summary.endedAt, s(96));
    assert.equal(summary.customerMessages, 2);
    assert.equal(summary.closed, true);
  });

  it('counts echoes, apologies, empathy phrases and bare acknowledgments', () => {
    assert.deepEqual(summary.echoes, { proposed: 1, confirmed: 1, corrected: 0 });
    assert.deepEqual(summary.apologies, { count: 1, messageIds: ['a1'] });
    assert.deepEqual(summary.empathyPhrases, { count: 2, messageIds: ['a1', 'a2'], repeated: [] });
    assert.deepEqual(summary.acknowledgmentsWithoutAction, { count: 0, messageIds: [] });
  });

  it('reports options, recap, resolution and CSAT', () => {
    assert.deepEqual(summary.options, { offered: 1, chosen: 1 });
    assert.deepEqual(summary.recap, { shown: true, messageId: 'r1', who: true, what: true, when: true });
    assert.equal(summary.resolved, true);
    assert.deepEqual(summary.csat, { asked: true, score: 5, comment: 'Quick!' });
    assert.deepEqual(summary.handoff, { offered: [], taken: false, reason: null, messageId: null, connected: false });
    assert.deepEqual(summary.abuse, { count: 0, messageIds: [], kinds: [], apologiesAfterAbuse: [] });
  });

  it('follows the tone from furious to satisfied', () => {
    assert.equal(summary.tone.first?.messageId, 'c1');
    assert.equal(summary.tone.first.tone, 'frustration');
    assert.equal(summary.tone.worst?.messageId, 'c1');
    assert.equal(summary.tone.last?.messageId, 'c2');
    assert.equal(summary.tone.last.tone, 'satisfaction');
    assert.equal(summary.tone.improved, true);
    assert.equal(summary.tone.points.length, 2);
  });

  it('passes every criterion, each with its evidence', () => {
    const { scorecard } = summary;
    assert.deepEqual(Object.fromEntries(Object.entries(scorecard).map(([k, c]) => [k, [c.result, c.evidence]])), {
      greeting: ['pass', ['g1']],
      comprehension: ['pass', ['e1']],
      empathy: ['pass', ['a1', 'a2']],
      solution: ['pass', ['a2', 'ch1']],
      closing: ['pass', ['r1', 'q1']],
      sentiment: ['pass', ['c1', 'c2']],
    });
    for (const c of Object.values(scorecard)) assert.ok(c.note.length > 0);
  });
});

describe('summarizeConversation: an unresolved conversation', () => {
  const summary = summarizeConversation(snapshot(unresolvedTranscript));

  it('measures reply times without a resolution', () => {
    assert.deepEqual(summary.timings, { firstReplyMs: 30000, nextReplyMs: [5000, 30000], firstNextStepMs: 130000, resolutionMs: null, handoffWaitMs: null });
    assert.equal(summary.resolved, false);
    assert.deepEqual(summary.csat, { asked: false, score: null, comment: null });
  });

  it('finds the repeated phrase, the extra apology and the bare acknowledgment', () => {
    assert.deepEqual(summary.echoes, { proposed: 1, confirmed: 0, corrected: 1 });
    assert.equal(summary.apologies.count, 2);
    assert.deepEqual(summary.empathyPhrases.repeated, ["i understand, that's irritating."]);
    assert.deepEqual(summary.acknowledgmentsWithoutAction, { count: 1, messageIds: ['a2'] });
    assert.deepEqual(summary.recap, { shown: true, messageId: 'r1', who: false, what: true, when: false });
  });

  it('fails greeting, comprehension, empathy, closing and sentiment with evidence', () => {
    const { scorecard } = summary;
    assert.equal(scorecard.greeting.result, 'fail');
    assert.deepEqual(scorecard.greeting.evidence, ['a1']);
    assert.equal(scorecard.comprehension.result, 'fail');
    assert.deepEqual(scorecard.comprehension.evidence, ['e1']);
    assert.equal(scorecard.empathy.result, 'fail');
    assert.match(scorecard.empathy.note, /without an action/);
    assert.match(scorecard.empathy.note, /repeated/);
    assert.match(scorecard.empathy.note, /2 apologies \(at most 1\)/);
    assert.deepEqual(scorecard.empathy.evidence, ['a2', 'a3']);
    assert.equal(scorecard.solution.result, 'pass', 'the action line and the recap are next steps');
    assert.equal(scorecard.closing.result, 'fail');
    assert.match(scorecard.closing.note, /who, a CSAT question/);
    assert.equal(scorecard.sentiment.result, 'fail');
    assert.equal(summary.tone.first?.tone, 'neutral');
    assert.equal(summary.tone.worst?.messageId, 'c2');
    assert.equal(summary.tone.improved, false);
    assert.deepEqual(scorecard.sentiment.evidence, ['c1', 'c2', 'c3']);
  });

  it('allows more apologies when the policy does', () => {
    const lenient = summarizeConversation(snapshot(unresolvedTranscript), { maxApologies: 2 });
    assert.doesNotMatch(lenient.scorecard.empathy.note, /apologies/);
  });

  it('fails solution and closing when a conversation ends with no next step and no recap', () => {
    const ended = summarizeConversation(
      snapshot(
        [
          customer('c1', 0, 'My invoice is wrong'),
          agent('a1', 5, 'Hello! Could you tell me more?', ['question']),
          customer('c2', 20, 'It shows the wrong address'),
        ],
        'closed',
      ),
    );
    assert.equal(ended.scorecard.greeting.result, 'pass');
    assert.equal(ended.scorecard.solution.result, 'fail');
    assert.deepEqual(ended.scorecard.solution.evidence, ['c1', 'c2']);
    assert.equal(ended.scorecard.closing.result, 'fail');
    assert.match(ended.scorecard.closing.note, /without a recap/);
    assert.equal(ended.timings.firstNextStepMs, null);
    assert.deepEqual(ended.timings.nextReplyMs, [], 'the last message got no reply');
  });

  it('fails empathy when an upset customer got no acknowledgment', () => {
    const cold = summarizeConversation(
      snapshot([customer('c1', 0, 'I am so angry, this is the third time I have asked!!'), agent('a1', 5, 'Please send your order number.', ['question'])]),
    );
    assert.equal(cold.scorecard.empathy.result, 'fail');
    assert.deepEqual(cold.scorecard.empathy.evidence, ['c1']);
  });
});

describe('summarizeConversation: not applicable', () => {
  it('marks everything n/a for an empty conversation', () => {
    const empty = summarizeConversation(snapshot([]));
    for (const c of Object.values(empty.scorecard)) assert.equal(c.result, 'na');
    assert.equal(empty.startedAt, null);
    assert.equal(empty.timings.firstReplyMs, null);
    assert.equal(empty.tone.first, null);
    assert.equal(empty.tone.improved, null);
    assert.equal(empty.closed, false);
  });

  it('marks comprehension n/a while an echo is unanswered, empathy n/a for a calm customer, sentiment n/a for one message', () => {
    const open = summarizeConversation(
      snapshot([
        agent('g1', 0, 'Hello! What can I help you with today?', ['question']),
        customer('c1', 4, 'I have a question about my parcel'),
        echo('e1', 5, 'c1', 'proposed'),
      ]),
    );
    assert.equal(open.scorecard.comprehension.result, 'na');
    assert.deepEqual(open.scorecard.comprehension.evidence, ['e1']);
    assert.equal(open.scorecard.empathy.result, 'na');
    assert.equal(open.scorecard.sentiment.result, 'na');
    assert.equal(open.scorecard.closing.result, 'na');
    assert.match(open.scorecard.closing.note, /still open/);
    assert.equal(open.scorecard.solution.result, 'fail', 'an echo alone is not a next step');
    assert.equal(open.timings.firstReplyMs, 1000);
    assert.deepEqual(open.echoes, { proposed: 1, confirmed: 0, corrected: 0 });
  });

  it('passes comprehension when a correction is followed by a confirmed echo', () => {
    const fixed = summarizeConversation(
      snapshot([customer('c1', 0, 'My order is late'), echo('e1', 1, 'c1', 'corrected', 'It was never shipped'), echo('e2', 20, 'c1', 'confirmed')]),
    );
    assert.equal(fixed.scorecard.comprehension.result, 'pass');
    assert.deepEqual(fixed.scorecard.comprehension.evidence, ['e1', 'e2']);
    assert.deepEqual(fixed.echoes, { proposed: 2, confirmed: 1, corrected: 1 });
  });
});

/** Negative tone three times, a handoff offer taken, a person joins 45 s after the request. */
const handoffTranscript: Message[] = [
  agent('g1', 0, 'Hello! What can I help you with today?', ['question']),
  customer('c1', 10, 'I am so angry, my refund still has not arrived!!'),
  agent('a1', 11, "I can hear how frustrating this has been. I'm sorry about this. Could you share your order number?", [
    'acknowledgment',
    'apology',
    'question',
  ]),
  customer('c2', 30, 'I already gave it to you three times, this is ridiculous!!'),
  handoffChoice('h1', 31, 'negative-tone', 'human'),
  handoff('h2', 40, 'requested', 'negative-tone'),
  handoff('h3', 40, 'waiting', 'negative-tone'),
  handoff('h4', 85, 'connected'),
  agent('p1', 90, "Hi, I'm Sam. I see your refund is stuck — I'm releasing it now.", ['action']),
  customer('c3', 120, 'Thank you, that is great!'),
];

describe('summarizeConversation: a handoff', () => {
  const summary = summarizeConversation(snapshot(handoffTranscript));

  it('reports the offer, why it was taken and the wait for a person', () => {
    assert.deepEqual(summary.handoff, {
      offered: [{ messageId: 'h1', reason: 'negative-tone' }],
      taken: true,
      reason: 'negative-tone',
      messageId: 'h1',
      connected: true,
    });
    assert.equal(summary.timings.handoffWaitMs, 45000);
    assert.deepEqual(summary.options, { offered: 0, chosen: 0 }, 'a handoff offer is not a flow option');
    assert.equal(summary.timings.firstNextStepMs, 21000, 'the handoff offer is the first next step');
  });

  it('marks closing n/a when a person took over, and sentiment passes on improvement', () => {
    assert.equal(summary.scorecard.closing.result, 'na');
    assert.deepEqual(summary.scorecard.closing.evidence, ['h1']);
    assert.equal(summary.scorecard.sentiment.result, 'pass');
    assert.equal(summary.tone.improved, true);
  });

  it('takes the reason from a customer request when there was no offer', () => {
    const asked = summarizeConversation(
      snapshot([customer('c1', 0, 'Can I talk to a human?'), handoff('h1', 2, 'requested', 'requested'), handoff('h2', 2, 'waiting', 'requested')]),
    );
    assert.equal(asked.handoff.taken, true);
    assert.equal(asked.handoff.reason, 'requested');
    assert.equal(asked.handoff.connected, false);
    assert.equal(asked.timings.handoffWaitMs, null, 'nobody joined yet');
  });

  it('counts a declined offer as offered, not taken', () => {
    const declined = summarizeConversation(snapshot([customer('c1', 0, 'It is wrong again'), handoffChoice('h1', 1, 'corrections', 'continue')]));
    assert.deepEqual(declined.handoff.offered, [{ messageId: 'h1', reason: 'corrections' }]);
    assert.equal(declined.handoff.taken, false);
    assert.equal(declined.handoff.reason, null);
  });
});

describe('summarizeConversation: abuse', () => {
  it('counts abusive messages and fails empathy when abuse got an apology', () => {
    const summary = summarizeConversation(
      snapshot([
        customer('c1', 0, 'My order is late'),
        agent('a1', 2, 'Let me check that for you.', ['action']),
        customer('c2', 30, 'you are an idiot, fix it'),
        agent('a2', 32, "I'm sorry about this. Let me look again.", ['apology', 'action']),
        customer('c3', 60, 'I will kill you'),
      ]),
    );
    assert.deepEqual(summary.abuse, { count: 2, messageIds: ['c2', 'c3'], kinds: ['insult', 'threat'], apologiesAfterAbuse: ['a2'] });
    assert.equal(summary.scorecard.empathy.result, 'fail');
    assert.match(summary.scorecard.empathy.note, /abuse was answered with an apology/);
    assert.deepEqual(summary.scorecard.empathy.evidence, ['a2']);
  });

  it('does not count frustration with the product as abuse', () => {
    const summary = summarizeConversation(
      snapshot([customer('c1', 0, 'this app is garbage and your service is a joke'), agent('a1', 2, 'Let me fix that.', ['action'])]),
    );
    assert.equal(summary.abuse.count, 0);
  });

  it('takes a custom abuse and tone reader', () => {
    const summary = summarizeConversation(snapshot([customer('c1', 0, 'hello'), customer('c2', 5, 'bye')]), {
      abuseOf: (text) => ({ abusive: text === 'bye', kind: 'harassment' }),
      toneOf: (text) => (text === 'hello' ? { tone: 'anxiety', intensity: 0.9 } : { tone: 'neutral', intensity: 0 }),
    });
    assert.deepEqual(summary.abuse.messageIds, ['c2']);
    assert.equal(summary.tone.first?.tone, 'anxiety');
    assert.equal(summary.tone.improved, true);
  });
});

// ---------------------------------------------------------------------------
// Event logs: the same conversation read from wire events, and from analytics.
// ---------------------------------------------------------------------------

/** What a server stores for `resolvedTranscript`: its own events and the client's, in order. */
function wireLog(): SummaryEvent[] {
  const log: SummaryEvent[] = [];
  let seq = 0;
  for (const m of resolvedTranscript) {
    if (m.kind === 'text' && m.from === 'customer') {
      log.push({ v: 1, type: 'message', id: m.id, text: m.text, at: m.at });
      continue;
    }
    const { kind, ...rest } = m;
    // Echoes and choices arrive unsettled; the client's answer settles them.
    if (m.kind === 'echo') {
      log.push({ v: 1, seq: ++seq, type: 'echo', ...(rest as Omit<EchoMessage, 'kind'>), state: 'proposed' });
      log.push({ v: 1, type: 'echo.confirm', id: 'x-confirm', echoId: m.id, at: m.at + 5000 });
    } else if (m.kind === 'choice') {
      const { chosen: _chosen, ...open } = rest as Omit<ChoiceMessage, 'kind'>;
      log.push({ v: 1, seq: ++seq, type: 'choice', ...open });
      log.push({ v: 1, type: 'choose', id: 'x-choose', pickerId: m.id, optionId: 'resend', at: m.at + 3000 });
    } else if (m.kind === 'csat') {
      const { score: _score, comment: _comment, ...open } = rest as Omit<CsatMessage, 'kind'>;
      log.push({ v: 1, seq: ++seq, type: 'csat', ...open });
      log.push({ v: 1, type: 'csat', id: 'x-csat', csatId: m.id, score: 5, comment: 'Quick!', at: m.at + 1000 });
    } else log.push({ v: 1, seq: ++seq, type: kind, ...rest } as SummaryEvent);
  }
  log.push({ v: 1, type: 'typing', on: false }, { v: 1, type: 'feedback', id: 'f1', messageId: 'a3', value: 'up' }, { v: 1, type: 'end', id: 'x-end' });
  return log;
}

describe('summarizeConversation: event logs', () => {
  const fromSnapshot = summarizeConversation(snapshot(resolvedTranscript));

  it('reads a wire log to the same summary as the snapshot', () => {
    const fromLog = summarizeConversation(wireLog(), { id: 'c1' });
    assert.deepEqual({ ...fromLog, feedback: undefined }, { ...fromSnapshot, feedback: undefined });
    assert.deepEqual(fromLog.feedback, { up: 1, down: 0 });
  });

  it('skips event types it does not know (streaming deltas, future types)', () => {
    const log = [...wireLog(), { v: 1, type: 'delta', id: 'a3', offset: 0, text: 'x' }, { v: 1, type: 'stop', id: 's1' }] as unknown as SummaryEvent[];
    assert.equal(summarizeConversation(log).scorecard.closing.result, 'pass');
  });

  it('reads analytics events alone for the figures they carry', () => {
    const base = { conversationId: 'c9' };
    const events: SummaryEvent[] = [
      { ...base, type: 'messageSent', messageId: 'c1', at: s(0) },
      { ...base, type: 'echoShown', echoId: 'e1', about: 'c1', at: s(2) },
      { ...base, type: 'echoCorrected', echoId: 'e1', text: 'not that', at: s(5) },
      { ...base, type: 'echoShown', echoId: 'e2', about: 'c1', at: s(6) },
      { ...base, type: 'echoConfirmed', echoId: 'e2', at: s(8) },
      { ...base, type: 'apologyUsed', messageId: 'a1', at: s(9) },
      { ...base, type: 'optionChosen', pickerId: 'p1', optionId: 'refund', label: 'A refund', at: s(12) },
      { ...base, type: 'handoffOffered', messageId: 'h1', reason: 'corrections', at: s(13) },
      { ...base, type: 'handoffTaken', messageId: 'h1', at: s(14) },
      { ...base, type: 'recapShown', recapId: 'r1', resolved: false, at: s(20) },
      { ...base, type: 'csatGiven', score: 2, comment: 'slow', at: s(30) },
      { ...base, type: 'warning', error: new Error('ignored') as never, at: s(31) },
    ];
    const summary = summarizeConversation(events);
    assert.equal(summary.id, 'c9');
    assert.deepEqual(summary.echoes, { proposed: 2, confirmed: 1, corrected: 1 });
    assert.equal(summary.apologies.count, 1);
    assert.deepEqual(summary.options, { offered: 1, chosen: 1 });
    assert.deepEqual(summary.handoff.offered, [{ messageId: 'h1', reason: 'corrections' }]);
    assert.equal(summary.handoff.taken, true);
    assert.equal(summary.recap.shown, true);
    assert.equal(summary.resolved, false);
    assert.deepEqual(summary.csat, { asked: true, score: 2, comment: 'slow' });
    assert.equal(summary.timings.firstReplyMs, 2000);
    assert.equal(summary.scorecard.comprehension.result, 'pass');
  });
});

describe('summarizeConversation: bad input', () => {
  const rejects = (input: unknown, path: string) => {
    assert.throws(
      () => summarizeConversation(input as never),
      (e: unknown) => isAttuneError(e) && e.code === 'input/invalid' && e.details.some((d) => d.path === path) && e.message.includes(path),
    );
  };
  it('throws input/invalid with the path of what is wrong', () => {
    rejects(null, '');
    rejects('hello', '');
    rejects({ messages: 'nope' }, '');
    rejects({ messages: [{ kind: 'text' }] }, 'messages[0]');
    rejects({ messages: [{ kind: 'text', id: 'a', from: 'agent', text: 'x', status: 'sent' }] }, 'messages[0].at');
    rejects([{ v: 1, type: 'message', id: 'm1' }], '[0].text');
    rejects([{ v: 1, type: 'feedback', id: 'f', messageId: 'm', value: 'meh' }], '[0].value');
    rejects([42], '[0]');
    rejects([{ type: 'echoShown', conversationId: 'c', at: 1, about: 'x' }], '[0].echoId');
  });
  it('ignores message kinds it does not know', () => {
    const summary = summarizeConversation({ messages: [{ kind: 'poll', id: 'p', at: 1 } as never, customer('c1', 0, 'hi')] });
    assert.equal(summary.customerMessages, 1);
  });
});

// ---------------------------------------------------------------------------
// Team figures
// ---------------------------------------------------------------------------

describe('aggregateSummaries', () => {
  const list: ConversationSummary[] = [
    summarizeConversation(snapshot(resolvedTranscript)),
    summarizeConversation(snapshot(unresolvedTranscript)),
    summarizeConversation(snapshot(handoffTranscript)),
    summarizeConversation(snapshot([...resolvedTranscript.slice(0, -1), csat('q1', 96, 3)])),
  ];
  const team = aggregateSummaries(list);

  it('gives medians and percentiles of every timing', () => {
    assert.equal(team.conversations, 4);
    // firstReplyMs: 2000, 30000, 1000, 2000 → sorted 1000, 2000, 2000, 30000
    assert.deepEqual(team.timings.firstReplyMs, { count: 4, p50: 2000, p90: 21600, p95: 25800, mean: 8750, min: 1000, max: 30000 });
    assert.deepEqual(team.timings.resolutionMs, { count: 2, p50: 85000, p90: 85000, p95: 85000, mean: 85000, min: 85000, max: 85000 });
    assert.deepEqual(team.timings.handoffWaitMs.p50, 45000);
    // nextReplyMs: [5000] + [5000, 30000] + [1000] (the handoff offer answered c2; nobody answered c3) + [5000]
    assert.deepEqual(team.timings.nextReplyMs, { count: 5, p50: 5000, p90: 20000, p95: 25000, mean: 9200, min: 1000, max: 30000 });
  });

  it('gives rates with their counts', () => {
    assert.deepEqual(team.rates.resolved, { count: 2, of: 4, rate: 0.5 });
    assert.deepEqual(team.rates.echoConfirmed, { count: 2, of: 3, rate: 2 / 3 });
    assert.deepEqual(team.rates.handoffTaken, { count: 1, of: 4, rate: 0.25 });
    assert.deepEqual(team.rates.csatAnswered, { count: 2, of: 2, rate: 1 });
    assert.deepEqual(team.rates.handoffOffered, { count: 1, of: 4, rate: 0.25 });
    assert.deepEqual(team.rates.abusive, { count: 0, of: 4, rate: 0 });
    assert.deepEqual(team.rates.acknowledgmentWithoutAction, { count: 1, of: 4, rate: 0.25 });
  });

  it('gives CSAT by starting tone and the improvement rate', () => {
    assert.deepEqual(team.csat.byStartingTone, { frustration: { mean: 4, count: 2 } });
    assert.equal(team.csat.mean, 4);
    // Started negative: resolved ×2 and handoff (improved), unresolved started neutral.
    assert.deepEqual(team.rates.toneImproved, { count: 3, of: 3, rate: 1 });
  });

  it('gives the pass rate of each criterion, n/a apart', () => {
    assert.deepEqual(team.scorecard.comprehension, { count: 2, of: 3, rate: 2 / 3, na: 1 });
    assert.deepEqual(team.scorecard.closing, { count: 2, of: 3, rate: 2 / 3, na: 1 });
    assert.equal(team.totals.apologies, 1 + 2 + 1 + 1);
  });

  it('handles an empty list and rejects anything else', () => {
    const none = aggregateSummaries([]);
    assert.equal(none.conversations, 0);
    assert.equal(none.rates.resolved.rate, null);
    assert.equal(none.timings.firstReplyMs.p50, null);
    assert.throws(
      () => aggregateSummaries('x' as never),
      (e: unknown) => isAttuneError(e) && e.code === 'input/invalid',
    );
    assert.throws(
      () => aggregateSummaries([{}] as never),
      (e: unknown) => isAttuneError(e) && e.code === 'input/invalid' && e.details[0]?.path === '[0]',
    );
  });
});
