import type { ResolvedEmpathyOptions } from '../conversation.types.js';
import type { Picked, Translator } from '../i18n/index.js';
import type { ChoiceMessage, HandoffReason, MessageTag, RecapData, Tone } from '../types.js';
import { fold } from '../internal/fold.js';
import { EMPATHY_DEFAULTS, HANDOFF_OPTION_ID } from '../rules.js';

/** The part of a tone reading the policy uses (`detectTone` returns more). */
export interface ToneReading {
  tone: Tone;
  intensity: number;
}

/** An acknowledgment of feelings, with the apology when one is due. */
export interface Acknowledgment {
  text: string;
  /** Phrase id of the acknowledgment (`ack.frustration.strong#1`). */
  id: string;
  apology: boolean;
  /** Every phrase id in `text` (the acknowledgment and the apology). */
  ids: readonly string[];
}

/** Something the agent says in a turn: `text` lines carry tags; other kinds (echo, choice…) act by themselves. */
export interface TurnPart {
  type: string;
  text?: string;
  tags?: readonly MessageTag[];
}

/** The "talk to a person?" choice, carrying the recap so far. */
export type HandoffOffer = Pick<ChoiceMessage, 'prompt' | 'options' | 'purpose' | 'reason' | 'recap'> & {
  purpose: 'handoff';
  reason: HandoffReason;
  recap: RecapData;
};

/** Options of {@link createEmpathyPolicy}; missing settings take the documented defaults. */
export type EmpathyPolicyOptions = Partial<ResolvedEmpathyOptions> & {
  translator: Pick<Translator, 'pick' | 't'>;
};

/** The empathy rules for one conversation (see DESIGN.md, "The empathy contract"). */
export interface EmpathyPolicy {
  /** Problem statements get an echo; questions, thanks and bare greetings do not. */
  shouldEcho(text: string, tone?: ToneReading): boolean;
  /**
   * The acknowledgment the tone calls for (none when calm), never a phrase used before.
   * With the message: a loss gets condolence (never "disappointing"), a denied feeling
   * ("I'm not angry") is not named, and urgency is acknowledged. Commits nothing: see `compose`.
   */
  acknowledge(tone: ToneReading & { urgency?: boolean }, text?: string): Acknowledgment | null;
  /**
   * One agent turn: the acknowledgment plus what it goes with. An acknowledgment
   * without an action, question or picker is dropped; with one, it is merged into the
   * first action/question line or put first, and its phrases (and apology) are counted.
   */
  compose<TPart extends TurnPart>(ack: Acknowledgment | null, parts: readonly TPart[], line: (text: string, tags: MessageTag[]) => TPart): TPart[];
  /** An unused phrasing of `key`, or null when all were used; records nothing (`compose` or `use` does). */
  fresh(key: string): Picked | null;
  /** Picks a phrasing of `key`, preferring unused ones, and records it (for functional lines that may repeat). */
  phrase(key: string, vars?: Readonly<Record<string, string | number>>): Picked;
  /** Records a phrase id used elsewhere (e.g. an echo frame). */
  use(id: string): void;
  /** Phrase ids used so far (pass as `avoid`). */
  readonly used: ReadonlySet<string>;
  readonly apologies: number;
  /** Call once per customer message. */
  afterTurn(tone: ToneReading, text?: string): void;
  /** Call when the customer corrects an echo. */
  afterCorrection(): void;
  /** Call for the customer's thumbs on an agent line: a thumbs-down counts as a negative turn (once per message). */
  afterFeedback(messageId: string, value: 'up' | 'down' | null): void;
  /** Why a person should be offered now, if at all. */
  handoffReason(): HandoffReason | null;
  /** Makes the next `handoffReason` say `reason` (e.g. the agent failed to understand twice in a row). */
  flagHandoff(reason: HandoffReason): void;
  /** The handoff choice when a reason holds (that trigger is then reset), else null. */
  handoffOffer(recap: RecapData): HandoffOffer | null;
}

const NEGATIVE: readonly Tone[] = ['frustration', 'anxiety', 'sadness'];
/** Below this intensity a feeling is too faint to name. */
const MILD = 0.6;
/** At or above this, a strong acknowledgment (one line first). */
const STRONG = 0.85;

let human: RegExp | undefined;
let loss: RegExp | undefined;
let denial: RegExp | undefined;

/** True when the message tells of a death or a grave illness ("my father passed away"). */
export function isBereavement(text: string): boolean {
  loss ??=
    /\b(?:passed away|passed on|died|has died|death of|funeral|bereave\w*|lost my (?:mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|grand\w+|baby|best friend)|my late (?:husband|wife|father|mother|dad|mum|mom|son|daughter|partner)|falleci\w*|muri[oó]|funeral)\b/;
  return loss.test(fold(text));
}

/** True when the customer says which feeling it is not ("I'm not angry, …"). */
export function deniesFeeling(text: string): boolean {
  denial ??= /\b(?:i'?m|i am|not that i'?m) (?:not|no longer) (?:angry|mad|upset|annoyed|cross|furious|complaining|worried)\b/;
  return denial.test(fold(text).replace(/[’‘]/g, "'"));
}

/**
 * True when the customer asks for a person: "talk to a human", "a real person",
 * "representative", "operator", "hablar con una persona"… (case- and accent-insensitive).
 */
export function isHumanRequest(text: string): boolean {
  human ??=
    /\b(?:(?:talk|speak|chat|connect me|put me through)\s+(?:to|with)\s+(?:a |an |some |your |the )?(?:human|person|people|agent|someone|somebody|manager|supervisor)|real (?:person|human|agent|someone)|someone real|representative|operator|hablar con (?:una |un |alguien|algun)|(?:una )?persona real|agente humano)/;
  return human.test(fold(text));
}

/**
 * Creates the decision layer of the empathy contract: when to echo, how strongly to
 * acknowledge, the apology budget, no phrase twice, no sympathy without a next step,
 * and when to offer a person. Pure apart from its own counters; deterministic.
 * @example
 * const policy = createEmpathyPolicy({ translator: createTranslator() });
 * const ack = policy.acknowledge(detectTone(text));
 * const turn = policy.compose(ack, [echo], (text, tags) => agentLine(text, tags));
 */
export function createEmpathyPolicy(options: EmpathyPolicyOptions): EmpathyPolicy {
  const tr = options.translator;
  const maxApologies = options.maxApologies ?? EMPATHY_DEFAULTS.maxApologies;
  const maxNegative = options.handoffAfterNegativeTurns ?? EMPATHY_DEFAULTS.handoffAfterNegativeTurns;
  const maxCorrections = options.handoffAfterCorrections ?? EMPATHY_DEFAULTS.handoffAfterCorrections;
  const used = new Set<string>();
  let apologies = 0;
  let streak = 0;
  let corrections = 0;
  let requested = false;
  let flagged: HandoffReason | null = null;
  let variant = 0;
  const thumbedDown = new Set<string>();

  const fresh = (key: string): Picked | null => {
    const p = tr.pick(key, { variant: variant++, avoid: used });
    return used.has(p.id) || p.text === key ? null : p;
  };

  const handoffReason = (): HandoffReason | null =>
    requested ? 'requested' : (flagged ?? (streak >= maxNegative ? 'negative-tone' : corrections >= maxCorrections ? 'corrections' : null));

  return {
    used,
    get apologies() {
      return apologies;
    },
    shouldEcho(text, tone) {
      if (options.echo === false || tone?.tone === 'satisfaction') return false;
      const sentences = text
        .trim()
        .split(/(?<=[.!?])\s+/)
        .filter((s) => /\p{L}/u.test(s));
      const greeting =
        /^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|hola|buenas(?: tardes| noches)?|buenos dias)\b[\s\p{P}]*(?:there|team|all|a todos)?[\s\p{P}]*$/u;
      return sentences.some((s) => !/[?？]\W*$/.test(s) && !s.startsWith('¿') && !greeting.test(fold(s)));
    },
    acknowledge({ tone, intensity, urgency }, text) {
      const rush = urgency ? fresh('ack.urgency') : null;
      const alone = (p: Picked): Acknowledgment => ({ text: p.text, id: p.id, apology: false, ids: [p.id] });
      if (text && isBereavement(text)) {
        const condolence = fresh('condolence');
        if (condolence) return alone(condolence);
      }
      const strong = intensity >= STRONG;
      const calm = tone === 'neutral' || tone === 'satisfaction' || intensity < MILD || (tone === 'confusion' && !strong);
      if (calm || (text && deniesFeeling(text))) return rush && alone(rush);
      const ack = (strong && fresh(`ack.${tone}.strong`)) || fresh(`ack.${tone}.mild`);
      if (!ack) return rush && alone(rush);
      const sorry = (tone === 'frustration' || (tone === 'sadness' && strong)) && apologies < maxApologies ? fresh('apology') : null;
      const parts = [ack, ...(sorry ? [sorry] : []), ...(rush ? [rush] : [])];
      return { text: parts.map((p) => p.text).join(' '), id: ack.id, apology: !!sorry, ids: parts.map((p) => p.id) };
    },
    compose(ack, parts, line) {
      const acts = (p: TurnPart) => p.type !== 'text' || !!p.tags?.some((t) => t === 'action' || t === 'question');
      if (!ack || !parts.some(acts)) return [...parts];
      ack.ids.forEach((id) => used.add(id));
      if (ack.apology) apologies++;
      const tags: MessageTag[] = ack.apology ? ['acknowledgment', 'apology'] : ['acknowledgment'];
      const [first, ...rest] = parts;
      if (first?.type === 'text' && acts(first)) {
        return [{ ...first, text: `${ack.text} ${first.text}`, tags: [...tags, ...(first.tags ?? [])] }, ...rest];
      }
      return [line(ack.text, tags), ...parts];
    },
    fresh,
    phrase(key, vars) {
      const p = tr.pick(key, { variant: variant++, avoid: used, vars });
      used.add(p.id);
      return p;
    },
    use: (id) => void used.add(id),
    afterTurn(tone, text) {
      streak = NEGATIVE.includes(tone.tone) && tone.intensity > 0 ? streak + 1 : 0;
      if (text && isHumanRequest(text)) requested = true;
    },
    afterCorrection: () => {
      corrections++;
    },
    afterFeedback(messageId, value) {
      // Changing one's mind back and forth is one negative turn, not several.
      if (value !== 'down' || thumbedDown.has(messageId)) return;
      thumbedDown.add(messageId);
      streak++;
    },
    handoffReason,
    flagHandoff: (reason) => void (flagged = reason),
    handoffOffer(recap) {
      const reason = handoffReason();
      if (!reason) return null;
      flagged = null;
      if (reason === 'requested') requested = false;
      else if (reason === 'negative-tone') streak = 0;
      else if (reason === 'corrections') corrections = 0;
      return {
        purpose: 'handoff',
        reason,
        prompt: tr.t('handoff.offerPrompt'),
        options: [
          { id: HANDOFF_OPTION_ID, label: tr.t('handoff.optionHuman') },
          { id: 'continue', label: tr.t('handoff.optionContinue') },
        ],
        recap,
      };
    },
  };
}
