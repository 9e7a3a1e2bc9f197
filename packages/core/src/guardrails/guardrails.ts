// Guardrails on agent text (a model's or a person's, from any transport): the empathy
// policy's rules applied to what arrives, sentence by sentence. Decisions are made once
// per sentence and never taken back, so streamed text never flickers: a sentence that may
// still turn into an apology or an empathy phrase is held until it is complete.
import { splitSentences } from './sentences.js';

/** Settings of the guardrails (`createConversation({ guardrails })`; `false` turns them off). */
export interface GuardrailOptions {
  /** Apologies shown per conversation; extra ones are dropped. Default: `empathy.maxApologies` (1). */
  maxApologies?: number;
  /** Drop a sentence that repeats an empathy phrase already shown ("I understand how frustrating…"). Default true. */
  dropRepeatedEmpathy?: boolean;
  /** Report a reply with sympathy but no next step (`sympathyWithoutNextStep` analytics). Default true. */
  flagSympathyWithoutNextStep?: boolean;
}

export type GuardrailRule = 'apology' | 'repeated-empathy';

/** What changed in one message since the last look. */
export interface GuardedText {
  /** What to show. */
  text: string;
  /** Sentences (or apology lead-ins) dropped just now. */
  dropped: { rule: GuardrailRule; text: string }[];
  /** An apology was kept just now (within the cap). */
  apologyKept: boolean;
  /** The finished reply shows sympathy with no next step (reported once). */
  noNextStep: boolean;
}

export interface Guardrails {
  /** The text to show for the agent message `id` whose raw text is `raw` (`final`: no more deltas). */
  apply(id: string, raw: string, final: boolean): GuardedText;
}

/** Per sentence, made once: show it, drop it, or show it without its first `cut` characters. */
type Decision = { keep: boolean } | { keep: 'strip'; cut: number };

interface Record {
  decisions: Map<number, Decision>;
  empathy: boolean;
  flagged: boolean;
  /** Where the raw text's last complete sentence ends, its last characters, and what of it is shown: a delta re-reads only what follows. */
  settled: number;
  tail: string;
  shown: string;
  /** Fenced code changes how lines split: once seen, the text is read whole each time. */
  fenced: boolean;
}

const PROPER_APOLOGY = /\b(?:sorry|apolog(?:y|ies|i[sz]e[sd]?|i[sz]ing)|regret\s+(?:the|any|this|that|to)|forgive\s+(?:me|us)|pardon\s+(?:the|our|me))\b/i;
// "sorry" that is not an apology: "a sorry state", "feel sorry for them".
const NOT_APOLOGY = /\bsorry\s+(?:state|excuse|sight|lot|affair|tale|story|mess|situation)\b|\bfeel(?:s|ing)?\s+sorry\s+for\b/gi;
const INTENSIFIERS = '(?:(?:so|very|really|truly|terribly|deeply|sincerely|extremely|awfully)\\s+)*';
// An apology lead-in that can be cut off, keeping what follows: "Sorry, but we can't…",
// "I'm sorry for the wait — your parcel ships today", "My apologies: the price is…".
const APOLOGY_LEAD = new RegExp(
  `^\\s*(?:oh,?\\s+)?(?:(?:(?:i|we)(?:['’]m|['’]re|\\s+am|\\s+are)\\s+)?${INTENSIFIERS}sorry|(?:my|our)\\s+(?:sincere\\s+)?apologies|apologies|(?:i|we)\\s+(?:do\\s+)?apologi[sz]e)` +
    `(?:\\s+(?:for|about)\\s+[^,;:—–.!?]{1,80})?(?:\\s*[,;:—–]\\s*|\\s+-\\s+|\\s+(?=but\\b))(?:(?:but|however|though),?\\s+)?(?!for\\b|about\\b|to\\b|that\\b|if\\b|again\\b)(?=\\S)`,
  'i',
);
const EMPATHY: readonly (readonly [string, RegExp])[] = [
  ['understand', /\bi\s+(?:completely\s+|totally\s+|fully\s+|really\s+|can\s+)?(?:understand|see|know)\s+(?:how|why|your|that\s+this|what\s+a)\b/i],
  [
    'sounds-hard',
    /\b(?:that|this|it)(?:['’]s|\s+is|\s+sounds|\s+must\s+(?:be|have\s+been)|\s+can\s+be)\s+(?:really\s+|so\s+|very\s+|incredibly\s+|understandably\s+)?(?:frustrating|annoying|stressful|upsetting|difficult|hard|disappointing|worrying|inconvenient)\b/i,
  ],
  ['hear-you', /\bi\s+hear\s+you\b/i],
  ['imagine', /\bi\s+can\s+(?:only\s+)?imagine\b/i],
  [
    'patience',
    /\b(?:thank(?:s|\s+you)(?:\s+so\s+much)?\s+for\s+(?:your|being\s+so)\s+(?:patien\w*|understanding)|i\s+appreciate\s+your\s+(?:patience|understanding))\b/i,
  ],
  ['frustration', /\byour\s+frustration\b/i],
];
// A sentence that moves things on: an action, an offer, an instruction or a question.
const NEXT_STEP =
  /\?|\b(?:i['’]ll|i\s+will|we['’]ll|we\s+will|i['’]ve|i\s+have|we['’]ve|let\s+me|let['’]s|here['’]s|here\s+is|you\s+can|you\s+could|you['’]ll|please|click|go\s+to|tap|next|would\s+you|shall\s+i|refund\w*|replace\w*|ship\w*|track\w*|send\w*|sent|reset|cancel\w*|update\w*|arrang\w*|escalat\w*|connect\w*)\b/i;
// A growing sentence with one of these stems may still become an apology or an empathy phrase.
const CUE = /sorr|apolog|regret|forgiv|pardon|understand|frustrat|hear|imagin|patien|appreciat|annoy|stress|upset|difficult|disappoint|thank/i;
// Words (or the start of one) that may open one: the next word decides.
const LEADS =
  "sorry apologies apologize apologise regret forgive pardon understand frustrating hear imagine patience appreciate thank thanks i i'm im we we're were so my our oh that that's it it's this really truly terribly deeply sincerely very completely totally can must sounds am are is".split(
    ' ',
  );

const isApology = (text: string): boolean => PROPER_APOLOGY.test(text.replace(NOT_APOLOGY, ''));
const empathyOf = (text: string): string | undefined => EMPATHY.find(([, re]) => re.test(text))?.[0];
const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** A sentence still arriving may yet become an apology or an empathy phrase: hold it. */
function undecided(partial: string): boolean {
  if (CUE.test(partial)) return true;
  const last = (/(\S*)\s*$/.exec(partial)?.[1] ?? '')
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/^[^\p{L}]+|[^\p{L}']+$/gu, '');
  if (!last) return !partial.trim();
  // A finished word must be a lead itself; a word still arriving may be the start of one.
  return /\s$/.test(partial) ? LEADS.includes(last) : LEADS.some((lead) => lead.startsWith(last));
}

/**
 * Creates the guardrails of one conversation. Agent messages are given in the order they
 * arrive (each again as its text grows); the apology budget and the phrases said are
 * shared by all of them.
 */
export function createGuardrails(options: GuardrailOptions = {}): Guardrails {
  const maxApologies = options.maxApologies ?? 1;
  const dropRepeated = options.dropRepeatedEmpathy ?? true;
  const flag = options.flagSympathyWithoutNextStep ?? true;
  const records = new Map<string, Record>();
  const said = new Set<string>();
  let apologies = 0;

  return {
    apply(id, raw, final) {
      let record = records.get(id);
      // A text that is not the same up to where it was settled (a final text unlike its deltas) is read afresh.
      if (!record || raw.length < record.settled || raw.slice(record.settled - record.tail.length, record.settled) !== record.tail) {
        records.set(id, (record = { decisions: new Map(), empathy: false, flagged: false, settled: 0, tail: '', shown: '', fenced: false }));
      }
      const result: GuardedText = { text: '', dropped: [], apologyKept: false, noNextStep: false };
      const decide = (sentence: string): Decision => {
        // Code is the customer's to copy, never an apology: only the prose is read.
        if (/^\s*(?:```|~~~)/.test(sentence)) return { keep: true };
        const text = sentence.replace(/`[^`\n]*`/g, '`…`');
        const phrase = empathyOf(text);
        if (isApology(text)) {
          if (apologies < maxApologies) {
            apologies++;
            result.apologyKept = true;
            record.empathy = true;
            return { keep: true };
          }
          const lead = APOLOGY_LEAD.exec(sentence);
          const rest = lead ? sentence.slice(lead[0].length) : '';
          // The lead is cut off only when what follows stands alone (and is no apology itself).
          if (lead && words(rest) >= 2 && !isApology(rest)) {
            result.dropped.push({ rule: 'apology', text: lead[0].trim() });
            return { keep: 'strip', cut: lead[0].length };
          }
          result.dropped.push({ rule: 'apology', text: sentence.trim() });
          return { keep: false };
        }
        if (phrase) {
          record.empathy = true;
          // Dropped only when the phrase is most of the sentence: a repeat with real content stays.
          if (dropRepeated && said.has(phrase) && words(text.replace(EMPATHY.find(([p]) => p === phrase)?.[1] ?? '', '')) <= 6) {
            result.dropped.push({ rule: 'repeated-empathy', text: sentence.trim() });
            return { keep: false };
          }
          said.add(phrase);
        }
        return { keep: true };
      };
      const fenced = (record.fenced ||= /```|~~~/.test(raw.slice(Math.max(0, record.settled - 2))));
      const from = fenced ? 0 : record.settled;
      let shown = fenced ? '' : record.shown;
      for (const { start, end, complete } of splitSentences(raw.slice(from), final)) {
        const sentence = { start: start + from, complete };
        const text = raw.slice(sentence.start, end + from);
        let decision = record.decisions.get(sentence.start);
        if (!decision) {
          // Hold a growing sentence while it may still become an apology or an empathy phrase.
          if (!sentence.complete && undecided(text)) break;
          decision = decide(text);
          record.decisions.set(sentence.start, decision);
        }
        if (decision.keep === true) shown += text;
        else if (decision.keep === 'strip') {
          const rest = text.slice(decision.cut);
          shown += rest.charAt(0).toUpperCase() + rest.slice(1);
        }
        if (!sentence.complete) break;
        if (!fenced) {
          record.settled = end + from;
          record.tail = raw.slice(Math.max(0, record.settled - 32), record.settled);
          record.shown = shown;
        }
      }
      if (final && flag && record.empathy && !record.flagged && !NEXT_STEP.test(shown)) {
        record.flagged = true;
        result.noNextStep = true;
      }
      // Trimmed only where a sentence was dropped: text the guardrails keep whole stays as sent.
      result.text = final && shown !== raw ? shown.trimEnd() : shown;
      return result;
    },
  };
}
