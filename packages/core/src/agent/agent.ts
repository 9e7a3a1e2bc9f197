import type { EmpathyOptions } from '../conversation.types.js';
import { demoFlow } from '../flow/demo-flow.js';
import { resolveText } from '../flow/flow-text.js';
import type { Flow, FlowStep, FlowText, RecapStep } from '../flow/flow.types.js';
import { createTranslator } from '../i18n/index.js';
import type { Translator } from '../i18n/index.js';
import { createEchoer, expandContractions, topicsOf } from '../paraphrase/index.js';
import type { TopicMatch } from '../paraphrase/index.js';
import { createEmpathyPolicy, isHumanRequest } from '../policy/empathy-policy.js';
import type { Acknowledgment } from '../policy/empathy-policy.js';
import { closingRecap } from '../primitives/closing-recap/closing-recap.js';
import { buildRecap } from '../primitives/closing-recap/recap-builder.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import type { ClientEvent, ServerEvent } from '../protocol.js';
import { applyServerEvent } from '../conversation/apply-server-event.js';
import { detectTone } from '../tone/index.js';
import { detectAbuse } from '../abuse/detect-abuse.js';
import type { ChoiceOptions, HandoffReason, Message, MessageTag, RecapData } from '../types.js';
import { fold } from '../internal/fold.js';
import { HANDOFF_OPTION_ID } from '../rules.js';

type Unwired<TEvent> = TEvent extends unknown ? Omit<TEvent, 'v' | 'seq'> : never;

/** A server event without `v` and `seq` (the transport adds them). */
export type AgentOutput = Unwired<ServerEvent>;

/** Options of {@link createAgent}. */
export interface AgentOptions {
  /** A flow from `defineFlow`; default `demoFlow`. */
  flow?: Flow | undefined;
  /** BCP 47 tag; default the translator's, else `en`. */
  locale?: string | undefined;
  /** Empathy policy settings (defaults: echo on, 1 apology, handoff after 3 negative turns or 2 corrections). */
  empathy?: EmpathyOptions;
  translator?: Translator;
  /** Clock for `at` (default `Date.now`). */
  now?: () => number;
  /** Prefix of the ids the agent gives its messages; make it unique per conversation run. Default `agent-`. */
  idPrefix?: string;
}

/** A rule-based support agent that runs a flow with the empathy policy. */
export interface Agent {
  /** The opening turn (e.g. the greeting), up to the first question. */
  start(): Promise<AgentOutput[]>;
  /** The agent's turn answering one client event. */
  handle(event: ClientEvent): Promise<AgentOutput[]>;
}

type Wait = 'message' | 'confirm' | 'choice' | 'collect' | 'offer' | 'human' | 'closed';
type Out = AgentOutput;

// Insults and profanity: a hostile turn (after a fallback, it brings the offer of a person).
const HOSTILE =
  /\b(?:idiots?|morons?|clowns|useless|pathetic|incompetent|scam\w*|liars?|crooks?|f+u+c+k\w*|shit\w*|bullshit|crap\w*|wtf|stupid|garbage|trash|joke|suck\w*|hate you)\b|[a-z]\*{2,}/i;

/** The topics of a message (lower-cased, contractions expanded, as the lexicon expects). */
const topicsIn = (text: string): TopicMatch[] => topicsOf(expandContractions(text).toLowerCase());

/**
 * Creates an agent that runs `flow`: it greets, listens, echoes problem statements and
 * waits for confirm or correct, acknowledges by tone (policy), jumps to the step the
 * customer's words trigger, offers option pickers, collects fields, closes with a recap
 * and a CSAT question, and offers a person when the policy says so. Every phrase comes
 * from the catalog; flow texts are the flow author's. Deterministic for the same inputs.
 * @example
 * const agent = createAgent({ locale: 'es' });
 * await agent.start();
 * await agent.handle({ v: 1, type: 'message', id: 'c1', text: 'Mi pedido no ha llegado' });
 */
export function createAgent(options: AgentOptions = {}): Agent {
  const flow = options.flow ?? demoFlow;
  const tr = options.translator ?? createTranslator({ locale: options.locale ?? flow.locale });
  const locale = options.locale ?? tr.locale;
  const empathy = options.empathy ?? {};
  const policy = createEmpathyPolicy({ ...empathy, translator: tr });
  const echoer = createEchoer({
    locale,
    translator: tr,
    paraphraser: empathy.paraphraser,
    timeoutMs: empathy.paraphraserTimeoutMs,
  });
  const now = options.now ?? Date.now;
  const prefix = options.idPrefix ?? 'agent-';
  const steps = flow.steps;
  const listen = Object.keys(steps).find((id) => steps[id]?.type === 'echo');
  let log: readonly Message[] = [];
  const fields: Record<string, string> = {};
  const choiceStep: Record<string, string> = {};
  let n = 0;
  let wait: Wait = 'closed';
  let saved: Wait = 'closed';
  let at = flow.start;
  let pending = '';
  let understood = '';
  let offerId = '';
  /** Fallback lines in a row; the second brings the offer of a person. */
  let fallbacks = 0;
  /** A recap closed the current problem (one recap and one CSAT per resolution). */
  let recapped = false;
  /** Log length when the last recap was sent: pickers before it are closed. */
  let recapAt = -1;
  /** What the first problem message was about, for a recap without a confirmed echo. */
  let topic: TopicMatch | undefined;
  let lastFallback = '';

  const text = (t: FlowText) => resolveText(t, locale, fields, flow.locale);
  const record = (out: Out): Out => {
    log = applyServerEvent(log, { v: PROTOCOL_VERSION, ...out }, now());
    return out;
  };
  const line = (t: string, tags: MessageTag[]): Out => ({ type: 'text', id: `${prefix}${++n}`, from: 'agent', text: t, at: now(), status: 'sent', tags });
  const ask = (t: string): Out => line(t, [/[?？]\W*$/.test(t) ? 'question' : 'action']);
  const finish = (ack: Acknowledgment | null, parts: Out[]): Out[] => policy.compose(ack, parts, line).map(record);
  /** What was understood: the confirmed reflection, else the topic — never the customer's raw words. */
  const understoodSoFar = (): string => understood || (topic ? tr.t('recap.aboutTopic', { topic: topic.name }) : tr.t('recap.aboutUnknown'));
  const soFar = (): RecapData => ({
    ...buildRecap(log, { translator: tr, avoid: policy.used, choices: false }),
    understood: understoodSoFar(),
    nextStep: { who: tr.t('recap.handoffWho'), what: tr.t('recap.handoffWhat') },
  });
  const understand = (t: string) => (understood = t.charAt(0).toUpperCase() + t.slice(1));

  /** A fallback question, never the same sentence as the one before. */
  const fallback = (): Out => {
    let picked = policy.fresh('agent.fallback') ?? policy.phrase('agent.fallback');
    if (picked.text === lastFallback) picked = policy.phrase('agent.fallback');
    policy.use(picked.id);
    lastFallback = picked.text;
    fallbacks++;
    return line(picked.text, ['question']);
  };

  const handoff = (reason?: HandoffReason, t?: FlowText): Out[] => {
    wait = 'human';
    const recap = soFar();
    const common = { at: now(), recap, ...(reason && { reason }) };
    return [
      { type: 'handoff', id: `${prefix}${++n}`, state: 'requested', text: t ? text(t) : tr.t('handoff.requested'), ...common },
      { type: 'handoff', id: `${prefix}${++n}`, state: 'waiting', text: tr.t('handoff.waiting'), ...common },
    ];
  };

  const close = (step?: RecapStep): Out[] => {
    wait = 'closed';
    if (recapped) return [];
    recapped = true;
    recapAt = log.length;
    const built = buildRecap(log, { translator: tr, resolved: !!step?.resolved, choices: false });
    const next = step?.nextStep;
    // The flow's own record of what was done, else what the customer asked for.
    const asked = log.flatMap((m) => {
      const label = m.kind === 'choice' && m.purpose !== 'handoff' ? m.options.find((o) => o.id === m.chosen)?.label : undefined;
      return label ? [tr.t('recap.choice', { label })] : [];
    });
    const done = [...(step?.done ? step.done.map(text) : asked), ...built.done];
    const recap = closingRecap(
      {
        understood: step?.understood ? text(step.understood) : understoodSoFar(),
        done,
        nextStep: next ? { who: text(next.who), what: text(next.what), ...(next.when && { when: text(next.when) }) } : built.nextStep,
        resolved: !!step?.resolved,
        care: policy.phrase('care').text,
      },
      { translator: tr },
    );
    return [
      { type: 'recap', id: `${prefix}${++n}`, at: now(), ...recap },
      { type: 'csat', id: `${prefix}${++n}`, at: now(), prompt: tr.t('csat.prompt'), scale: 5 },
    ];
  };

  /** Runs steps from `id` until one waits for the customer. */
  const run = (id: string, out: Out[] = []): Out[] => {
    for (let hops = 0; hops < 64; hops++) {
      const step: FlowStep | undefined = steps[id];
      at = id;
      switch (step?.type) {
        case 'say':
          out.push(ask(text(step.text)));
          id = step.next;
          continue;
        case 'echo':
          wait = 'message';
          return out;
        case 'choose':
          wait = 'choice';
          choiceStep[`${prefix}${++n}`] = id;
          out.push({
            type: 'choice',
            id: `${prefix}${n}`,
            at: now(),
            purpose: 'flow',
            prompt: text(step.prompt),
            options: step.options.map((o) => ({
              id: o.id,
              label: text(o.label),
              ...(o.description && { description: text(o.description) }),
            })) as unknown as ChoiceOptions,
          });
          return out;
        case 'collect': {
          // Never ask for what was already given: a value from any earlier message counts.
          const given = fields[step.field] ?? given_(step.pattern);
          if (given) {
            fields[step.field] = given;
            id = step.next;
            continue;
          }
          wait = 'collect';
          out.push(line(text(step.prompt), ['question']));
          return out;
        }
        case 'handoff':
          return [...out, ...handoff(undefined, step.text)];
        case 'recap':
          return [...out, ...close(step)];
        default:
          return [...out, ...close()];
      }
    }
    return out;
  };

  /** A value matching `pattern` in something the customer already wrote. */
  const given_ = (pattern: string | undefined): string | undefined => {
    if (!pattern) return undefined;
    const re = new RegExp(pattern);
    for (const m of log)
      if (m.kind === 'text' && m.from === 'customer') {
        const found = re.exec(m.text);
        if (found) return found[0];
      }
    return undefined;
  };

  /**
   * The steps the words point to, by the flow's triggers, most specific first: a step is
   * ranked by its longest matching key, so "delivery address" beats "deliver".
   */
  const routes = (words: string): string[] => {
    const hay = ` ${fold(words).replace(/[^\p{L}\p{N}]+/gu, ' ')}`;
    const ranked: [string, number][] = [];
    for (const [id, keys] of Object.entries(flow.triggers ?? {})) {
      const longest = Math.max(0, ...keys.filter((k) => hay.includes(` ${fold(k)}`)).map((k) => k.length));
      if (longest) ranked.push([id, longest]);
    }
    return ranked.sort((a, b) => b[1] - a[1]).map(([id]) => id);
  };
  const triggered = (words: string): string | undefined => routes(words)[0];

  /** Two problems in one message: ask which comes first, with the flow's own labels. */
  const whichFirst = (ids: readonly string[]): Out[] | null => {
    for (const [stepId, step] of Object.entries(steps)) {
      if (step.type !== 'choose') continue;
      const options = step.options.filter((o) => ids.includes(o.next));
      if (options.length < 2) continue;
      wait = 'choice';
      choiceStep[`${prefix}${++n}`] = stepId;
      return [
        {
          type: 'choice',
          id: `${prefix}${n}`,
          at: now(),
          purpose: 'flow',
          prompt: tr.t('agent.whichFirst'),
          options: options.slice(0, 3).map((o) => ({ id: o.id, label: text(o.label) })) as unknown as ChoiceOptions,
        },
      ];
    }
    return null;
  };

  const advance = (words: string): Out[] => {
    const step = steps[at];
    const ids = routes(words);
    if (ids.length > 1) {
      const ask = whichFirst(ids);
      if (ask) return ask;
    }
    return run(ids[0] ?? (step && 'next' in step ? step.next : flow.start));
  };

  const offer = (ack: Acknowledgment | null): Out[] => {
    const o = policy.handoffOffer(soFar());
    if (!o) return [];
    if (wait !== 'offer') saved = wait;
    wait = 'offer';
    offerId = `${prefix}${++n}`;
    return finish(ack, [{ type: 'choice', id: offerId, at: now(), ...o }]);
  };

  const listenTo = async (t: string, aboutId: string, ack: Acknowledgment | null, tone: ReturnType<typeof detectTone>): Promise<Out[]> => {
    const topics = topicsIn(t);
    // A correction says what it is really about.
    topic = (aboutId === pending ? topics[0] : undefined) ?? topic ?? topics[0];
    if (policy.shouldEcho(t, tone)) {
      const echo = await echoer.echo(t, { variant: n, avoid: policy.used });
      if (echo) {
        fallbacks = 0;
        policy.use(echo.frame);
        wait = 'confirm';
        pending = aboutId;
        const id = `${prefix}${++n}`;
        return finish(ack, [
          { type: 'echo', id, about: aboutId, at: now(), text: echo.text, reflection: echo.reflection, emotion: echo.emotion, state: 'proposed' },
        ]);
      }
    }
    // Thanks only for real thanks: no problem named, no negative cue (sarcasm reads as frustration).
    const negative = tone.scores.frustration + tone.scores.anxiety + tone.scores.sadness > 0.3;
    if (tone.tone === 'satisfaction' && !topics.length && !negative) {
      return finish(null, [line(`${policy.phrase('agent.thanksReply').text} ${tr.t('agent.closing')}`, ['question'])]);
    }
    fallbacks = 0;
    // No sendable echo: name the topic (never silence on a negative message), then act on it.
    const named = topics[0] && (policy.shouldEcho(t, tone) || negative) && policy.fresh('ack.topic');
    const topicAck: Acknowledgment | null =
      named && topics[0] ? { text: tr.format(named.text, { topic: topics[0].name }), id: named.id, apology: false, ids: [named.id] } : null;
    const both: Acknowledgment | null =
      ack && topicAck ? { ...ack, text: `${ack.text} ${topicAck.text}`, ids: [...ack.ids, ...topicAck.ids] } : (ack ?? topicAck);
    return finish(both, advance(topics.length ? `${topics.map((x) => x.reflection).join(' ')} ${t}` : t));
  };

  const onMessage = async (event: Extract<ClientEvent, { type: 'message' }>): Promise<Out[]> => {
    record({ type: 'text', id: event.id, from: 'customer', text: event.text, at: event.at ?? now(), status: 'sent' });
    // Waiting for a person: every message is acknowledged, never met with silence.
    if (wait === 'human') return [record(line(policy.phrase('handoff.stillWaiting').text, ['care']))];
    // An explicit request for a person is honoured at once, not answered with a question.
    if (isHumanRequest(event.text)) return handoff('requested').map(record);
    // Abuse aimed at the team (not frustration with the product): one calm boundary line,
    // never an apology or an acknowledgment, and the offer of a person.
    if (detectAbuse(event.text).abusive) {
      policy.flagHandoff('abuse');
      fallbacks = 0;
      const boundary = record(line(policy.phrase('boundary.abuse').text, []));
      return [boundary, ...offer(null)];
    }
    const tone = detectTone(event.text);
    policy.afterTurn(tone, event.text);
    const hostile = (tone.tone === 'frustration' && tone.intensity >= 0.85) || HOSTILE.test(event.text);
    if (fallbacks > 0 && hostile) policy.flagHandoff('negative-tone');
    const ack = policy.acknowledge(tone, event.text);
    if (policy.handoffReason()) {
      fallbacks = 0;
      return offer(ack);
    }
    if (wait === 'offer') wait = saved;
    if (wait === 'closed') {
      if (!listen) return finish(null, [fallback()]);
      at = listen;
      wait = 'message';
    }
    const step = steps[at];
    if (wait === 'collect' && step?.type === 'collect') {
      const found = step.pattern ? new RegExp(step.pattern).exec(event.text) : [event.text.trim()];
      if (!found) return finish(ack, [line(text(step.prompt), ['question'])]);
      fields[step.field] = found[0] ?? event.text.trim();
      return finish(ack, run(step.next));
    }
    if (wait === 'message' || wait === 'confirm') return listenTo(event.text, event.id, ack, tone);
    const jump = triggered(event.text);
    if (jump) {
      fallbacks = 0;
      return finish(ack, run(jump));
    }
    // Two fallbacks in a row: the customer is not being understood, offer a person.
    if (fallbacks > 0) {
      policy.flagHandoff('corrections');
      fallbacks = 0;
      return offer(ack);
    }
    return finish(ack, [fallback()]);
  };

  const settleEcho = (echoId: string, state: 'confirmed' | 'corrected', correction?: string): Out | null => {
    const echo = log.find((m) => m.id === echoId);
    if (echo?.kind !== 'echo' || echo.state !== 'proposed') return null;
    const { kind: _kind, ...rest } = echo;
    return record({ ...rest, type: 'echo', state, ...(correction && { correction }) });
  };

  const handlers: { [K in ClientEvent['type']]: (event: Extract<ClientEvent, { type: K }>) => Out[] | Promise<Out[]> } = {
    message: onMessage,
    'echo.confirm': ({ echoId }) => {
      const settled = settleEcho(echoId, 'confirmed');
      if (settled?.type !== 'echo') return [];
      const about = log.find((m) => m.id === settled.about);
      understand(settled.reflection);
      // A new confirmed problem opens a new resolution (its own recap and CSAT).
      recapped = false;
      const got = policy.fresh('echo.confirmed');
      const ack = got && { text: got.text, id: got.id, apology: false, ids: [got.id] };
      // Route on what the customer confirmed; their own words only when it names no topic.
      const confirmedWords = `${settled.reflection} ${topicsIn(settled.reflection)
        .map((x) => x.reflection)
        .join(' ')}`;
      const words = routes(confirmedWords).length ? confirmedWords : `${about?.kind === 'text' ? about.text : ''} ${settled.reflection}`;
      return [settled, ...finish(ack, advance(words))];
    },
    'echo.correct': async ({ echoId, text: t }) => {
      const settled = settleEcho(echoId, 'corrected', t);
      if (!settled) return [];
      policy.afterCorrection();
      if (policy.handoffReason()) return [settled, ...offer(null)];
      wait = 'message';
      // A correction may arrive without text ("not quite" alone) whatever the handler type says.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (!t?.trim()) return [settled, ...finish(null, [line(tr.t('echo.correctionPrompt'), ['question'])])];
      return [settled, ...(await listenTo(t, pending, null, detectTone(t)))];
    },
    choose: ({ pickerId, optionId }) => {
      const index = log.findIndex((m) => m.id === pickerId);
      const choice = log[index];
      if (choice?.kind !== 'choice' || choice.chosen || !choice.options.some((o) => o.id === optionId)) return [];
      // A picker left open when a recap was sent is closed.
      if (recapped && index < recapAt) return [];
      const { kind: _kind, ...rest } = choice;
      const chosen = record({ ...rest, type: 'choice', chosen: optionId });
      if (pickerId === offerId) {
        if (optionId === HANDOFF_OPTION_ID) return [chosen, ...handoff(choice.reason)].map(record);
        wait = saved;
        const go = policy.fresh('agent.fallback') ?? policy.phrase('agent.fallback');
        policy.use(go.id);
        return [chosen, ...finish(null, [line(go.text, ['question'])])];
      }
      const step = steps[choiceStep[pickerId] ?? ''];
      const next = step?.type === 'choose' ? step.options.find((o) => o.id === optionId)?.next : undefined;
      return [chosen, ...finish(null, next ? run(next) : [])];
    },
    'handoff.request': () => (wait === 'human' ? [] : handoff('requested').map(record)),
    csat: ({ csatId, score, comment }) => {
      const csat = [...log].reverse().find((m) => m.kind === 'csat' && (!csatId || m.id === csatId));
      if (csat?.kind !== 'csat') return [];
      const { kind: _kind, ...rest } = csat;
      const first = csat.score === undefined;
      return [
        record({ ...rest, type: 'csat', score, ...(comment && { comment }) }),
        ...(first ? [record(line(policy.phrase('csat.thanks').text, ['care']))] : []),
      ];
    },
    end: () => (wait === 'closed' ? [] : close().map(record)),
    // The in-page agent answers whole: there is no stream to stop.
    stop: () => [],
    // A thumbs-down is a negative turn: the one that reaches the limit brings the offer of a person.
    feedback: ({ messageId, value }) => {
      const line = log.find((m) => m.id === messageId);
      if (line?.kind !== 'text' || line.from !== 'agent') return [];
      policy.afterFeedback(messageId, value);
      if (value !== 'down' || wait === 'human' || wait === 'offer' || policy.handoffReason() !== 'negative-tone') return [];
      return offer(null);
    },
  };

  return {
    start: async () => run(flow.start).map(record),
    handle: async (event) => (handlers[event.type] as (e: ClientEvent) => Out[] | Promise<Out[]>)(event),
  };
}
