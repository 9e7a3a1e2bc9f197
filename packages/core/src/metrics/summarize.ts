import { detectAbuse } from '../abuse/detect-abuse.js';
import type { AbuseKind } from '../abuse/detect-abuse.js';
import { fold } from '../internal/fold.js';
import { detectTone } from '../tone/index.js';
import type { ChoiceMessage, HandoffReason, Message, RecapMessage, TextMessage, Tone } from '../types.js';
import type { Criterion, ConversationSummary, HandoffSummary, Scorecard, SummarizeOptions, SummaryInput, TonePath, TonePoint } from './summary.types.js';
import { toTimeline } from './timeline.js';
import type { Timeline } from './timeline.js';

const NEGATIVE: readonly Tone[] = ['frustration', 'anxiety', 'sadness'];
/** The empathy policy's threshold: below it a feeling is too faint to acknowledge. */
const ACKNOWLEDGE_AT = 0.6;
/** A tone change smaller than this is noise, not an improvement. */
const IMPROVED_BY = 0.2;
const GREETING =
  /^\W*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening|day)|welcome|greetings|thanks for (?:reaching out|contacting|getting in touch|writing)|thank you for (?:reaching out|contacting|getting in touch|writing)|hola|buen[oa]s|bienvenid[oa]|bonjour|hallo|ciao|ola|oi)\b/;

const isCustomerText = (m: Message): m is TextMessage => m.kind === 'text' && m.from === 'customer' && m.status !== 'failed';
const isAgentText = (m: Message): m is TextMessage => m.kind === 'text' && m.from === 'agent';
const tagged = (m: Message, ...tags: string[]): m is TextMessage => m.kind === 'text' && m.from === 'agent' && !!m.tags?.some((t) => tags.includes(t));
/** Something the agent side said in answer (handoff notices and CSAT prompts are not answers). */
const isReply = (m: Message): boolean => isAgentText(m) || m.kind === 'echo' || m.kind === 'choice' || m.kind === 'recap';
/** A way forward: an action line, a choice, a recap's next step or a handoff under way. */
const isNextStep = (m: Message): boolean =>
  tagged(m, 'action') || m.kind === 'choice' || m.kind === 'recap' || (m.kind === 'handoff' && m.state !== 'declined' && m.state !== 'ended');
/** What makes an acknowledgment more than sympathy: the same turn acts, asks or offers. */
const carriesAction = (m: Message): boolean =>
  tagged(m, 'action', 'question') || m.kind === 'echo' || m.kind === 'choice' || m.kind === 'recap' || m.kind === 'handoff';
const isHandoffChoice = (m: Message): m is ChoiceMessage => m.kind === 'choice' && m.purpose === 'handoff';

function valenceOf(tone: Tone, intensity: number): number {
  if (tone === 'satisfaction') return Math.max(intensity, 0.1);
  if (tone === 'neutral') return 0;
  if (tone === 'confusion') return -0.5 * intensity;
  return -intensity;
}

/** The first sentence of an empathy line: the phrase the no-repeat rule is about (it may be merged into an action line). */
const phraseOf = (text: string): string =>
  fold(text.split(/(?<=[.!?])\s+/)[0] ?? text)
    .replace(/\s+/g, ' ')
    .trim();

const ids = (messages: readonly Message[]): string[] => messages.map((m) => m.id);
const criterion = (result: Criterion['result'], note: string, evidence: readonly string[] = []): Criterion => ({
  result,
  note,
  evidence: [...new Set(evidence)].filter((id) => id !== ''),
});

/** Splits the transcript into turns: each customer message and the agent messages that follow it (turn 0 is what came before). */
function turnsOf(messages: readonly Message[]): Message[][] {
  const turns: Message[][] = [[]];
  for (const m of messages) {
    if (isCustomerText(m)) turns.push([m]);
    else turns[turns.length - 1]?.push(m);
  }
  return turns;
}

function tonePath(customer: readonly TextMessage[], toneOf: NonNullable<SummarizeOptions['toneOf']>): TonePath {
  const points: TonePoint[] = [];
  for (const m of customer) {
    if (!m.text.trim()) continue;
    const { tone, intensity } = toneOf(m.text);
    points.push({ messageId: m.id, tone, intensity, valence: Math.round(valenceOf(tone, intensity) * 1000) / 1000 });
  }
  const first = points[0] ?? null;
  const last = points.at(-1) ?? null;
  let worst: TonePoint | null = null;
  for (const p of points) if (!worst || p.valence < worst.valence) worst = p;
  const improved = first && last && points.length >= 2 ? last.valence - first.valence >= IMPROVED_BY || (first.valence < 0 && last.valence >= 0) : null;
  return { first, worst, last, improved, points };
}

function handoffOf(t: Timeline): HandoffSummary {
  const offered: { messageId: string; reason: HandoffReason | null }[] = [];
  for (const m of t.messages) if (isHandoffChoice(m)) offered.push({ messageId: m.id, reason: m.reason ?? null });
  for (const h of t.handoffStates) if (h.state === 'offered' && !offered.some((o) => o.messageId === h.id)) offered.push({ messageId: h.id, reason: h.reason });
  const accepted = t.messages.find((m): m is ChoiceMessage => isHandoffChoice(m) && m.chosen === 'human');
  const underWay = t.handoffStates.find((h) => h.state === 'requested' || h.state === 'waiting' || h.state === 'connected');
  const request = t.handoffRequests[0];
  const taken = !!(accepted ?? underWay ?? request);
  const reason: HandoffReason | null = underWay?.reason ?? accepted?.reason ?? (request ? 'requested' : null);
  return {
    offered,
    taken,
    reason: taken ? reason : null,
    messageId: accepted?.id ?? underWay?.id ?? request?.messageId ?? null,
    connected: t.handoffStates.some((h) => h.state === 'connected'),
  };
}

/**
 * Measures one conversation: reply times, empathy evidence, the tone path and a QA
 * scorecard whose every criterion points at the messages that show it. Pure: reads a
 * snapshot (`conversation.getSnapshot()`), a stored transcript (`{ messages }`) or an
 * event log (wire events from a server's store and/or analytics events), and throws an
 * `AttuneError` `input/invalid` with the path of anything malformed.
 *
 * Times come from each message's `at` (when it first appeared), so a conversation
 * restored from storage measures the same as it did live.
 *
 * @example
 * const summary = summarizeConversation(conversation.getSnapshot());
 * summary.scorecard.comprehension // { result: 'pass', note: 'The customer confirmed the echo', evidence: ['a3'] }
 */
export function summarizeConversation(input: SummaryInput, options: SummarizeOptions = {}): ConversationSummary {
  const t = toTimeline(input, options.id);
  const toneOf = options.toneOf ?? detectTone;
  const abuseOf = options.abuseOf ?? detectAbuse;
  const maxApologies = options.maxApologies ?? 1;
  const messages = t.messages;
  const at = (m: Message): number => t.firstAt.get(m.id) ?? m.at;
  const customer = messages.filter(isCustomerText);
  const firstCustomer = customer[0];

  // --- timings --------------------------------------------------------------------
  let firstReplyMs: number | null = null;
  const nextReplyMs: number[] = [];
  let waitingSince: number | null = null;
  let firstReply: Message | undefined;
  for (const m of messages) {
    if (isCustomerText(m)) waitingSince ??= at(m);
    else if (isReply(m) && waitingSince !== null) {
      const wait = Math.max(0, at(m) - waitingSince);
      if (firstReply) nextReplyMs.push(wait);
      else [firstReply, firstReplyMs] = [m, wait];
      waitingSince = null;
    }
  }
  const afterStart = firstCustomer ? messages.slice(messages.indexOf(firstCustomer) + 1) : [];
  const firstStep = afterStart.find(isNextStep);
  const recaps = messages.filter((m): m is RecapMessage => m.kind === 'recap');
  const resolvedRecap = recaps.find((r) => r.resolved);
  const since = (m: Message | undefined): number | null => (m && firstCustomer ? Math.max(0, at(m) - at(firstCustomer)) : null);

  const requestedAt = Math.min(
    ...t.handoffStates.filter((h) => h.state === 'requested' || h.state === 'waiting').map((h) => h.at),
    ...t.handoffRequests.map((r) => r.at),
  );
  const connected = t.handoffStates.find((h) => h.state === 'connected' && h.at >= requestedAt);
  const handoffWaitMs = connected && Number.isFinite(requestedAt) ? connected.at - requestedAt : null;

  // --- empathy evidence -----------------------------------------------------------
  const echoes = messages.filter((m) => m.kind === 'echo');
  const apologies = messages.filter((m) => tagged(m, 'apology'));
  const empathyLines = messages.filter((m): m is TextMessage => tagged(m, 'acknowledgment', 'care') && m.text.trim() !== '');
  const seen = new Map<string, number>();
  for (const m of empathyLines) {
    const p = phraseOf(m.text);
    seen.set(p, (seen.get(p) ?? 0) + 1);
  }
  const repeated = [...seen].filter(([, n]) => n > 1).map(([p]) => p);
  const repeatedIds = empathyLines.filter((m) => repeated.includes(phraseOf(m.text))).map((m) => m.id);

  const turns = turnsOf(messages);
  const bareAcks: string[] = [];
  const abusive: { id: string; kind: AbuseKind | null }[] = [];
  const apologiesAfterAbuse: string[] = [];
  for (const turn of turns) {
    const acks = turn.filter((m) => tagged(m, 'acknowledgment'));
    if (acks.length > 0 && !turn.some(carriesAction)) bareAcks.push(...ids(acks));
    const opener = turn[0];
    if (opener && isCustomerText(opener) && opener.text.trim()) {
      // A server's mark counts even where this detector (or a custom `abuseOf`) would not flag it.
      const found = abuseOf(opener.text);
      const abuse = opener.flags?.includes('abuse') ? { abusive: true, kind: found.kind } : found;
      if (abuse.abusive) {
        abusive.push({ id: opener.id, kind: abuse.kind });
        apologiesAfterAbuse.push(...ids(turn.filter((m) => tagged(m, 'apology'))));
      }
    }
  }

  // --- options, handoff, closing --------------------------------------------------
  const flowChoices = messages.filter((m): m is ChoiceMessage => m.kind === 'choice' && m.purpose !== 'handoff');
  const handoff = handoffOf(t);
  const recap = recaps.at(-1);
  const csats = messages.filter((m) => m.kind === 'csat');
  const rated = [...csats].reverse().find((m) => m.score !== undefined);
  const closed = t.closed || !!recap;
  const tone = tonePath(customer, toneOf);

  const summary: Omit<ConversationSummary, 'scorecard'> = {
    id: t.id,
    startedAt: messages.length ? Math.min(...messages.map(at)) : null,
    endedAt: messages.length ? Math.max(...messages.map(at)) : null,
    closed,
    customerMessages: customer.length,
    timings: {
      firstReplyMs,
      nextReplyMs,
      firstNextStepMs: since(firstStep),
      resolutionMs: since(resolvedRecap),
      handoffWaitMs,
    },
    echoes: {
      proposed: echoes.length,
      confirmed: echoes.filter((e) => e.state === 'confirmed').length,
      corrected: echoes.filter((e) => e.state === 'corrected').length,
    },
    apologies: { count: apologies.length, messageIds: ids(apologies) },
    empathyPhrases: { count: empathyLines.length, messageIds: ids(empathyLines), repeated },
    acknowledgmentsWithoutAction: { count: bareAcks.length, messageIds: bareAcks },
    options: { offered: flowChoices.length, chosen: flowChoices.filter((c) => c.chosen !== undefined).length },
    handoff,
    recap: {
      shown: !!recap,
      messageId: recap?.id ?? null,
      who: !!recap?.nextStep.who.trim(),
      what: !!recap?.nextStep.what.trim(),
      when: !!recap?.nextStep.when?.trim(),
    },
    resolved: recap?.resolved ?? false,
    csat: { asked: csats.length > 0, score: rated?.score ?? null, comment: rated?.comment ?? null },
    tone,
    abuse: {
      count: abusive.length,
      messageIds: abusive.map((a) => a.id),
      kinds: [...new Set(abusive.flatMap((a) => (a.kind ? [a.kind] : [])))],
      apologiesAfterAbuse,
    },
    feedback: {
      up: t.feedback.filter((f) => f.value === 'up').length,
      down: t.feedback.filter((f) => f.value === 'down').length,
    },
  };

  // --- QA scorecard ---------------------------------------------------------------
  const firstAgentLine = messages.find(isAgentText);
  const greetingLine = firstAgentLine && (!firstReply || messages.indexOf(firstAgentLine) <= messages.indexOf(firstReply)) ? firstAgentLine : undefined;
  const greeting =
    !firstAgentLine && !firstReply
      ? criterion('na', 'Nobody on the team said anything')
      : greetingLine && GREETING.test(fold(greetingLine.text))
        ? criterion('pass', 'The conversation opened with a greeting', [greetingLine.id])
        : criterion('fail', 'The first reply had no greeting', [(greetingLine ?? firstReply ?? firstAgentLine)?.id ?? '']);

  const settled = echoes.filter((e) => e.state !== 'proposed');
  const lastSettled = settled.at(-1);
  const comprehension =
    echoes.length === 0
      ? criterion('na', 'No problem was echoed back')
      : !lastSettled
        ? criterion('na', 'The customer did not answer the echo', ids(echoes))
        : lastSettled.state === 'confirmed'
          ? criterion('pass', settled.length > 1 ? 'The customer confirmed the echo after correcting it' : 'The customer confirmed the echo', ids(settled))
          : criterion('fail', 'The customer corrected the echo and no later echo was confirmed', ids(settled));

  const calledFor = tone.points.filter((p) => NEGATIVE.includes(p.tone) && p.intensity >= ACKNOWLEDGE_AT);
  const acks = messages.filter((m) => tagged(m, 'acknowledgment'));
  const empathyProblems: [string, readonly string[]][] = [];
  if (bareAcks.length) empathyProblems.push(['an acknowledgment came without an action', bareAcks]);
  if (repeatedIds.length) empathyProblems.push(['an empathy phrase was repeated', repeatedIds]);
  if (apologies.length > maxApologies)
    empathyProblems.push([`${String(apologies.length)} apologies (at most ${String(maxApologies)})`, ids(apologies).slice(maxApologies)]);
  if (apologiesAfterAbuse.length) empathyProblems.push(['abuse was answered with an apology', apologiesAfterAbuse]);
  const empathy =
    empathyProblems.length > 0
      ? criterion(
          'fail',
          `Empathy rules broken: ${empathyProblems.map(([what]) => what).join('; ')}`,
          empathyProblems.flatMap(([, e]) => e),
        )
      : calledFor.length > 0 && acks.length === 0
        ? criterion(
            'fail',
            'The customer was upset and nobody acknowledged it',
            calledFor.map((p) => p.messageId),
          )
        : acks.length > 0
          ? criterion('pass', 'Feelings were acknowledged, each with a next step, within the apology limit', ids(acks))
          : criterion('na', 'The customer never sounded upset enough to acknowledge');

  const solution = !firstCustomer
    ? criterion('na', 'The customer said nothing')
    : firstStep
      ? criterion('pass', 'A next step was offered', [firstStep.id, ...ids(flowChoices.filter((c) => c.chosen !== undefined))])
      : criterion('fail', 'No action, choice, handoff or recap followed the customer', ids(customer));

  let closing: Criterion;
  if (recap) {
    const missing = [!summary.recap.who && 'who', !summary.recap.what && 'what', csats.length === 0 && 'a CSAT question'].filter((x): x is string => !!x);
    closing = missing.length
      ? criterion('fail', `The recap lacked ${missing.join(', ')}`, [recap.id])
      : criterion('pass', 'A recap with who does what, then a CSAT question', [recap.id, ...ids(csats)]);
  } else if (handoff.taken) closing = criterion('na', 'Handed to a person before the close', handoff.messageId ? [handoff.messageId] : []);
  else if (t.closed) closing = criterion('fail', 'The conversation ended without a recap', []);
  else closing = criterion('na', 'The conversation is still open');

  const tp = tone;
  const path = [tp.first, tp.worst, tp.last].flatMap((p) => (p ? [p.messageId] : []));
  const sentiment =
    tp.improved === null || !tp.first || !tp.last
      ? criterion('na', 'Fewer than two customer messages to compare')
      : tp.improved
        ? criterion('pass', `Tone improved from ${tp.first.tone} to ${tp.last.tone}`, path)
        : tp.last.valence >= 0 && tp.first.valence >= 0
          ? criterion('pass', `Tone stayed ${tp.last.tone === 'satisfaction' ? 'positive' : 'calm'}`, path)
          : criterion('fail', `Tone went from ${tp.first.tone} to ${tp.last.tone}`, path);

  const scorecard: Scorecard = { greeting, comprehension, empathy, solution, closing, sentiment };
  return { ...summary, scorecard };
}
