/*
 * The sendability gate: the last check between a candidate reflection and the customer.
 * A support lead would not send an echo that is not a sentence, that repeats an insult,
 * that leaks personal data, or that turns the customer's accusation into our admission.
 * Everything here is a plain test on the reflection (already in the agent's voice).
 */

/** Why a reflection may not be sent. */
export type GateReason =
  | 'empty'
  | 'too-long'
  | 'no-subject'
  | 'no-verb'
  | 'dangling'
  | 'unbalanced'
  | 'hole'
  | 'entity'
  | 'markup'
  | 'emoji'
  | 'slang'
  | 'profanity'
  | 'pejorative'
  | 'first-person'
  | 'admission'
  | 'imperative'
  | 'pii'
  | 'foreign';

/** Result of {@link checkSendable}. */
export interface GateResult {
  ok: boolean;
  /** Every rule the reflection breaks (empty when `ok`). */
  reasons: GateReason[];
}

interface Tables {
  start: Set<string>;
  end: Set<string>;
  aux: Set<string>;
  past: Set<string>;
  base: Set<string>;
  slang: Set<string>;
  pejorative: RegExp;
  profane: RegExp;
  admission: RegExp;
  foreign: Set<string>;
}

let tables: Tables | undefined;

function build(): Tables {
  const set = (words: string) => new Set(words.split(' '));
  return {
    // A reflection never opens on a word that needs something before it.
    start: set('and or but because so to of for with which that than as at by from in on if when while then nor cause'),
    end: set(
      "and or but the a an of for with on in at from by your our their my which that when after since while so because is are was were has have be been being than as if very really such this these those its it's any some no not just",
    ),
    aux: set(
      "is are was were be been am has have had do does did can could will would shall should may might must isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't can't couldn't won't wouldn't shouldn't you're we're they're it's that's you've we've they've you'd we'd you'll we'll there's",
    ),
    past: set(
      'lost sent took broke got came went left kept made said told paid bought gave hung stole cut put shut held arrived found felt heard knew meant ran saw sold spent stood stuck thought threw tore won wore wrote forgot understood brought caught fell began',
    ),
    // A reflection opening on one of these reads as an order given to the customer.
    base: set(
      'give tell get make do answer pick connect put transfer sort call email send fix help stop cancel refund change update reset delete remove close add resend return track book rebook switch activate unlock replace restore explain show let check look find contact reply respond',
    ),
    slang: set(
      "lol lmao rofl smh tbh omg wtf idk imo imho af pls plz thx ty ur u r ya yall ppl tho bc cuz coz dunno gonna wanna gotta kinda sorta aint ain't bruh bro dude srsly fml ffs",
    ),
    pejorative:
      /\b(?:absurd|pathetic|ridiculous|outrageous|disgraceful|shameful|laughable|insane|idiotic|moronic|clueless|lousy|crappy|shitty|terrible|horrible|awful|disgusting|atrocious|rubbish|garbage|trash|useless|worthless|incompetent|joke|scam\w*|rip-?off|ripped|crooks?|thie(?:f|ves)|liars?|stole|sucks?|sucked|dumb|stupid|idiots?|morons?|clowns?)\b/,
    profane:
      /\b(?:f+u+c+k+\w*|\w*shit\w*|damn\w*|crap\w*|ass(?:es|hole\w*)?|bitch\w*|bastard\w*|dick\w*|piss\w*|hell|bloody|effing|frigging|friggin|bs|wtf)\b|[a-z][*%@]+[a-z]|\b[a-z]\*+|\b[a-z]-ing\b/,
    // "we lied / we scammed / we stole": the customer's accusation, not a fact we state.
    admission:
      /\bwe(?:'ve| have| are| were|'re)? (?:(?:clearly|obviously|just|always|basically) )?(?:lied|lie|lying|scammed|scam|stole|steal|stealing|robbed|rob|cheated|cheat|ripped|don't care|do not care|never care|doesn't care)\b/,
    // Spanish function words that are not English words: a reflection holding them was not translated.
    foreign: set(
      'todavía aún han ha mis mi pedido está estoy tengo llegado nada pero porque cuando hace desde hasta sin muy también gracias ningún ninguna dinero cuenta',
    ),
  };
}

// Digits with separators; order, booking and flight references are fine when named.
const PHONE = /(?:\+?\d[\s().-]*){9,}/g;
const REFERENCE = /(?:order|booking|flight|reference|ref|ticket|case|invoice|confirmation|tracking|account|#)\s*(?:number|no\.?|num)?\s*#?\s*$/i;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * True when `text` holds personal data an echo must not repeat: a phone number, an
 * e-mail, a Luhn-valid card number, an IBAN, a street address or "my name is …". Order,
 * booking, flight and ticket references are not personal data.
 */
export function hasPii(text: string): boolean {
  if (/\S@\S+\.\w/.test(text)) return true;
  if (/\b(?:my|your) name is\b/i.test(text)) return true;
  if (/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/.test(text)) return true;
  if (
    /\b\d{1,5} [A-Z]?[a-z]+(?: [A-Z]?[a-z]+)? (?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|crescent|close)\b/i.test(
      text,
    )
  )
    return true;
  PHONE.lastIndex = 0;
  for (let m = PHONE.exec(text); m; m = PHONE.exec(text)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
    if (digits.length >= 9 && digits.length <= 15 && !REFERENCE.test(text.slice(Math.max(0, m.index - 24), m.index))) return true;
  }
  return false;
}

/**
 * The sendability gate: whether a reflection (the part of an echo in the agent's voice,
 * "your order hasn't arrived") is fit to send as it is. It must be a clause with a
 * subject and a finite verb, with nothing dangling at either end, balanced brackets and
 * quotes, no holes left by stripped handles, no HTML entities, markup, emoji, slang,
 * profanity (censored or not) or pejoratives, the customer as "you" and the company as
 * "we" (never the customer's accusation as our admission), no order given back as a
 * statement, and no personal data.
 * @example checkSendable("your order hasn't arrived").ok // true
 * @example checkSendable('our absurd $400 change fee').reasons // ['no-verb', 'pejorative']
 */
export function checkSendable(reflection: string): GateResult {
  const t = (tables ??= build());
  const reasons: GateReason[] = [];
  const text = reflection.trim();
  if (!text) return { ok: false, reasons: ['empty'] };
  const low = text.toLowerCase();
  const words = low.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  if (!words.length) return { ok: false, reasons: ['empty'] };
  if (words.length > 25) reasons.push('too-long');
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  const request = /^you'd like (?:us )?to\b|^you (?:want|need|would like)\b/.test(low);

  // "where your package is" ends on "is" and is whole: an embedded question.
  const embedded = /^(?:is|are|was|were|be)$/.test(last) && /\b(?:where|what|how|who|which|when|why|whether)\b/.test(low);
  if (t.start.has(first) || (t.end.has(last) && !embedded) || /^[,;:&+—–-]|[,;:&+(—–-]$/.test(text)) reasons.push('dangling');
  let verb = request;
  let subject = request || /^(?:you|we|they|it|he|she|there|this|that|someone|nobody|nothing|everything|somebody)\b/.test(low);
  for (let i = 0; i < words.length && !verb; i++) {
    const w = words[i] ?? '';
    if (t.aux.has(w) || t.past.has(w) || /^\w{2,}ed$/.test(w) || w.endsWith("n't")) verb = true;
    else if (
      i > 0 &&
      /^\w{3,}s$/.test(w) &&
      !/(?:ss|us|is|ics)$/.test(w) &&
      !/^(?:your|our|the|a|an|their|his|her|its|of|for|with|on|in|at)$/.test(words[i - 1] ?? '')
    ) {
      verb = true;
    } else if (i > 0 && /^(?:you|we|they)$/.test(words[i - 1] ?? '') && !t.end.has(w)) verb = true;
  }
  // A noun phrase subject ("the package arrived", "order 4471 arrived") is fine once a verb follows it.
  if (!subject && verb) subject = !t.aux.has(first) && !t.base.has(first);
  if (!subject) reasons.push('no-subject');
  if (!verb) reasons.push('no-verb');
  if (t.base.has(first)) reasons.push('imperative');

  const count = (re: RegExp) => (text.match(re) ?? []).length;
  if (count(/\(/g) !== count(/\)/g) || count(/\[/g) !== count(/]/g) || count(/"/g) % 2 || count(/“/g) !== count(/”/g) || count(/«/g) !== count(/»/g)) {
    reasons.push('unbalanced');
  }
  if (text.includes('∅') || /(?:^|\s)[@#](?:\s|$)|\s[,.](?=\s)/.test(text) || /\b(\w+) \1\b/i.test(text)) reasons.push('hole');
  if (/&(?:#\d+|#x[\da-f]+|[a-z]+);|&\s?(?:amp|lt|gt|quot|nbsp|apos)\b/i.test(text)) reasons.push('entity');
  if (/<\/?[a-z][^>]*>|\[\/?\w+]|\*\*|__/i.test(text)) reasons.push('markup');
  if (/\p{Extended_Pictographic}|[:;=]-?[()DPp]/u.test(text)) reasons.push('emoji');
  if (words.some((w) => t.slang.has(w)) || /(\w)\1{2,}/.test(low)) reasons.push('slang');
  if (t.profane.test(low)) reasons.push('profanity');
  if (t.pejorative.test(low)) reasons.push('pejorative');
  if (/\b(?:i|me|my|mine|myself|i'm|i've|i'd|i'll)\b/.test(low)) reasons.push('first-person');
  if (t.admission.test(low)) reasons.push('admission');
  if (hasPii(text)) reasons.push('pii');
  if (words.filter((w) => t.foreign.has(w)).length >= 2) reasons.push('foreign');
  return { ok: reasons.length === 0, reasons };
}
