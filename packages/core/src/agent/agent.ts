import type { EmpathyOptions } from '../conversation.types.js';
import { demoFlow } from '../flow/demo-flow.js';
import { resolveText } from '../flow/flow-text.js';
import type { Flow, FlowStep, FlowText, RecapStep } from '../flow/flow.types.js';
import { createTranslator } from '../i18n/index.js';
import type { Translator } from '../i18n/index.js';
import { createEchoer } from '../paraphrase/index.js';
import { createEmpathyPolicy } from '../policy/empathy-policy.js';
import type { Acknowledgment } from '../policy/empathy-policy.js';
import { closingRecap } from '../primitives/closing-recap/closing-recap.js';
import { buildRecap } from '../primitives/closing-recap/recap-builder.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import type { ClientEvent, ServerEvent } from '../protocol.js';
import { applyServerEvent } from '../conversation/apply-server-event.js';
import { detectTone } from '../tone/index.js';
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
  const listen = Object.keys(steps).find((id) => steps[id]!.type === 'echo');
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

  const text = (t: FlowText) => resolveText(t, locale, fields, flow.locale);
  const record = (out: Out): Out => {
    log = applyServerEvent(log, { v: PROTOCOL_VERSION, ...out } as ServerEvent, now());
    return out;
  };
  const line = (t: string, tags: MessageTag[]): Out => ({ type: 'text', id: prefix + ++n, from: 'agent', text: t, at: now(), status: 'sent', tags });
  const ask = (t: string): Out => line(t, [/[?？]\W*$/.test(t) ? 'question' : 'action']);
  const finish = (ack: Acknowledgment | null, parts: Out[]): Out[] => policy.compose(ack, parts, line).map(record);
  const soFar = (): RecapData => ({
    ...buildRecap(log, { translator: tr, avoid: policy.used }),
    nextStep: { who: tr.t('recap.handoffWho'), what: tr.t('recap.handoffWhat') },
  });
  const understand = (t: string) => (understood = t.charAt(0).toUpperCase() + t.slice(1));

  const handoff = (reason?: HandoffReason, t?: FlowText): Out[] => {
    wait = 'human';
    const recap = soFar();
    const common = { at: now(), recap, ...(reason && { reason }) };
    return [
      { type: 'handoff', id: prefix + ++n, state: 'requested', text: t ? text(t) : tr.t('handoff.requested'), ...common },
      { type: 'handoff', id: prefix + ++n, state: 'waiting', text: tr.t('handoff.waiting'), ...common },
    ];
  };

  const close = (step?: RecapStep): Out[] => {
    wait = 'closed';
    const built = buildRecap(log, { translator: tr, resolved: !!step?.resolved });
    const next = step?.nextStep;
    const recap = closingRecap(
      {
        understood: step?.understood ? text(step.understood) : understood || built.understood || '—',
        done: [...built.done, ...(step?.done ?? []).map(text)],
        nextStep: next ? { who: text(next.who), what: text(next.what), ...(next.when && { when: text(next.when) }) } : built.nextStep,
        resolved: !!step?.resolved,
        care: policy.phrase('care').text,
      },
      { translator: tr },
    );
    return [
      { type: 'recap', id: prefix + ++n, at: now(), ...recap },
      { type: 'csat', id: prefix + ++n, at: now(), prompt: tr.t('csat.prompt'), scale: 5 },
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
          choiceStep[prefix + ++n] = id;
          out.push({
            type: 'choice',
            id: prefix + n,
            at: now(),
            purpose: 'flow',
            prompt: text(step.prompt),
            options: step.options.map((o) => ({ id: o.id, label: text(o.label), ...(o.description && { description: text(o.description) }) })) as unknown as ChoiceOptions,
          });
          return out;
        case 'collect':
          wait = 'collect';
          out.push(line(text(step.prompt), ['question']));
          return out;
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

  /** The step the customer's words point to, by the flow's triggers. */
  const triggered = (words: string): string | undefined => {
    const hay = ` ${fold(words).replace(/[^\p{L}\p{N}]+/gu, ' ')}`;
    let best: string | undefined;
    let top = 0;
    for (const [id, keys] of Object.entries(flow.triggers ?? {})) {
      const hits = keys.filter((k) => hay.includes(` ${fold(k)}`)).length;
      if (hits > top) [best, top] = [id, hits];
    }
    return best;
  };

  const advance = (words: string): Out[] => {
    const step = steps[at];
    return run(triggered(words) ?? (step && 'next' in step ? step.next : flow.start));
  };

  const offer = (ack: Acknowledgment | null): Out[] => {
    const o = policy.handoffOffer(soFar());
    if (!o) return [];
    if (wait !== 'offer') saved = wait;
    wait = 'offer';
    offerId = prefix + ++n;
    return finish(ack, [{ type: 'choice', id: offerId, at: now(), ...o }]);
  };

  const listenTo = async (t: string, aboutId: string, ack: Acknowledgment | null, tone: ReturnType<typeof detectTone>): Promise<Out[]> => {
    understand(t);
    if (policy.shouldEcho(t, tone)) {
      const echo = await echoer.echo(t, { variant: n, avoid: policy.used });
      if (echo) {
        policy.use(echo.frame);
        wait = 'confirm';
        pending = aboutId;
        const id = prefix + ++n;
        return finish(ack, [{ type: 'echo', id, about: aboutId, at: now(), text: echo.text, reflection: echo.reflection, emotion: echo.emotion, state: 'proposed' }]);
      }
    }
    if (tone.tone === 'satisfaction') return finish(null, [line(`${policy.phrase('agent.thanksReply').text} ${tr.t('agent.closing')}`, ['question'])]);
    return finish(ack, advance(t));
  };

  const onMessage = async (event: Extract<ClientEvent, { type: 'message' }>): Promise<Out[]> => {
    record({ type: 'text', id: event.id, from: 'customer', text: event.text, at: event.at ?? now(), status: 'sent' });
    if (wait === 'human') return [];
    const tone = detectTone(event.text);
    policy.afterTurn(tone, event.text);
    const ack = policy.acknowledge(tone);
    if (policy.handoffReason()) return offer(ack);
    if (wait === 'offer') wait = saved;
    if (wait === 'closed') {
      if (!listen) return finish(null, [line(tr.t('agent.fallback'), ['question'])]);
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
    return finish(ack, jump ? run(jump) : [line(tr.t('agent.fallback'), ['question'])]);
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
      if (!settled || settled.type !== 'echo') return [];
      const about = log.find((m) => m.id === settled.about);
      understand(settled.reflection);
      const got = policy.fresh('echo.confirmed');
      const ack = got && { text: got.text, id: got.id, apology: false, ids: [got.id] };
      return [settled, ...finish(ack, advance(`${about?.kind === 'text' ? about.text : ''} ${settled.reflection}`))];
    },
    'echo.correct': async ({ echoId, text: t }) => {
      const settled = settleEcho(echoId, 'corrected', t);
      if (!settled) return [];
      policy.afterCorrection();
      if (policy.handoffReason()) return [settled, ...offer(null)];
      wait = 'message';
      if (!t?.trim()) return [settled, ...finish(null, [line(tr.t('echo.correctionPrompt'), ['question'])])];
      return [settled, ...(await listenTo(t, pending, null, detectTone(t)))];
    },
    choose: ({ pickerId, optionId }) => {
      const choice = log.find((m) => m.id === pickerId);
      if (choice?.kind !== 'choice' || choice.chosen || !choice.options.some((o) => o.id === optionId)) return [];
      const { kind: _kind, ...rest } = choice;
      const chosen = record({ ...rest, type: 'choice', chosen: optionId });
      if (pickerId === offerId) {
        if (optionId === HANDOFF_OPTION_ID) return [chosen, ...handoff(choice.reason)].map(record);
        wait = saved;
        return [chosen, ...finish(null, [line(tr.t('agent.fallback'), ['question'])])];
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
      return [record({ ...rest, type: 'csat', score, ...(comment && { comment }) }), ...(first ? [record(line(policy.phrase('csat.thanks').text, ['care']))] : [])];
    },
    end: () => (wait === 'closed' ? [] : close().map(record)),
  };

  return {
    start: async () => run(flow.start).map(record),
    handle: async (event) => (handlers[event.type] as (e: ClientEvent) => Out[] | Promise<Out[]>)(event),
  };
}
