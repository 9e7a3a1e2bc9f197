import { fold } from '../internal/fold.js';

/** What kind of abuse a message carries. */
export type AbuseKind = 'insult' | 'slur' | 'threat' | 'harassment';

/** What {@link detectAbuse} found in one customer message. */
export interface AbuseResult {
  /** True when the message should be treated as abuse (blurred for the agent, answered with a boundary). */
  abusive: boolean;
  /** 0..1; `abusive` is `score >= 0.5`. */
  score: number;
  /** The strongest kind found, null when nothing was. */
  kind: AbuseKind | null;
  /** Human-readable cues that drove the result, strongest first (slurs are named by kind only). */
  cues: string[];
}

// Who the words are aimed at. Abuse is aimed at the person answering or the team;
// insults aimed at a product, a thing or the customer themself are frustration.
const YOU = String.raw`(?:you|u|ya|yu|y'?all|you guys|you people|you lot|you folks|you two|your (?:team|staff|agents?|support (?:team|staff|agents?|people)|people|employees|reps?|representatives?|colleagues|boss|manager|company'?s? (?:staff|people|employees)))`;
const ARE = String.raw`(?:are|r|re|is|were|must be|seem(?: to be)?|sounds? like|act like|really are|truly are|clearly are|are just|are such|are like)`;
/** "you are", "you're", "ur", "u r": the subject of a description of the person. */
const YOU_ARE = String.raw`(?:${YOU}(?:'re|re|\s+${ARE})|ur|youre|yer)`;
const ARTICLE = String.raw`(?:(?:a|an|the|such an?|one|total|complete|absolute|utter|real|bunch of|pack of|group of|load of|f+u*c*k+i*n+g?|bloody|damn|goddamn|stupid|dumb|useless|lazy|little|big|fat|ignorant|incompetent|worthless|pathetic|brainless|clueless|braindead|brain ?dead|pea ?brained|dense|thick|smug|miserable|sorry|sad|ugly|disgusting|filthy|lying|arrogant|rude|old|stupid ass|dumb ass)\s+){0,4}`;

// Names for a person that are insults whatever the context. Nouns only: adjectives like
// "useless" or "incompetent" about a team are complaints about the service, not abuse.
const INSULT_NOUNS = [
  'idiots?',
  'morons?',
  'imbeciles?',
  'cretins?',
  'dumbass(?:es)?',
  'dumb ?fucks?',
  'dimwits?',
  'halfwits?',
  'nitwits?',
  'numbskulls?',
  'dipshits?',
  'shitheads?',
  'dickheads?',
  'dicks?',
  'pricks?',
  'assholes?',
  'arseholes?',
  'asshats?',
  'jackass(?:es)?',
  'bastards?',
  'bitch(?:es)?',
  'cunts?',
  'twats?',
  'wankers?',
  'tossers?',
  'scumbags?',
  'scum',
  'losers?',
  'clowns?',
  'buffoons?',
  'donkeys?',
  'pigs?',
  'rats?',
  'worms?',
  'vermin',
  'parasites?',
  'leeches?',
  'sluts?',
  'whores?',
  'hoes?',
  'douche(?:bags?)?',
  'fuck ?(?:wits?|faces?|heads?|ers?)',
  'piece of (?:shit|crap|garbage|trash)',
  'waste of (?:space|oxygen|air|skin)',
  'subhumans?',
  'animals?',
  'monkeys?',
  'apes?',
  'degenerates?',
  'lowlifes?',
  'retards?',
  'little shits?',
  'cows?',
  'muppets?',
  'dunces?',
  'simpletons?',
  'dumbos?',
  'fools?',
  'halfwits?',
  'imbeciles?',
  'dingbats?',
  'bimbos?',
  'hags?',
  'losers?',
].join('|');

// Adjectives that insult a person's mind or worth (said of people, not of products).
const INSULT_ADJ =
  'stupid|dumb|brain ?dead|braindead|retarded|mentally (?:ill|challenged|deficient)|thick|dense|slow in the head|ugly|fat|worthless|pathetic excuse|disgusting human';

const SLURS_ROT13 = 'avttre avttn avttnm snttbg snt ergneq ergneqrq genaal genaavr xvxr fcvp jrgonpx qlxr tbbx ornare gbjryurnq enturnq cnxv'.split(' ');

interface Rule {
  kind: AbuseKind;
  weight: number;
  cue: string;
  pattern: RegExp;
}

let rules: Rule[] | undefined;
let slurPattern: RegExp | undefined;

const rot13 = (s: string): string => s.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));

function compile(): Rule[] {
  const r = (kind: AbuseKind, weight: number, cue: string, source: string): Rule => ({ kind, weight, cue, pattern: new RegExp(source, 'u') });
  const B = String.raw`(?<![\p{L}\p{N}])`;
  const E = String.raw`(?![\p{L}\p{N}])`;
  const NO_NEG = String.raw`(?!\s+(?:not|never|no longer)\b)`;
  // "I'm not saying you're an idiot, but…" distances the speaker from the insult.
  const DISOWNED = String.raw`(?<!(?:not|never|no one is|nobody is) (?:saying|calling you|implying|suggesting|said)(?: that)?\s)`;
  const THREAT_SUBJECT = String.raw`(?:i|we|someone|somebody|people)\s*(?:'ll|'m gonna|'m going to|'d| will| am going to| are going to| gonna| going to| would| could| should| want to| wanna| need to| ought to| might| shall| swear i'?ll| swear to god i'?ll)`;
  const THREAT_VERB = String.raw`(?:kill|murder|shoot|stab|hurt|beat(?: up)?|punch|strangle|choke|rape|slap|burn|bomb|hunt(?: down)?|come for|come after|find|end|destroy|break|slit|cut|make)`;
  const THREAT_OBJECT = String.raw`(?:(?:you|u|ya|y'?all|you all)(?: (?:bleed|suffer|pay with your life|disappear))?|your (?:face|head|family|kids|children|wife|husband|office|house|home|car|legs|nose|neck|throat|ass|skull|bones|teeth)|every(?:one|body) (?:at|in) your (?:office|company|team|building))`;
  return [
    // "you idiot", "you're a f***ing moron", "your staff are morons", "u r a clown"
    r('insult', 0.9, 'name-calling aimed at you', String.raw`${B}${DISOWNED}(?:${YOU_ARE}|${YOU})${NO_NEG}\s+${ARTICLE}(?:${INSULT_NOUNS})${E}`),
    r('insult', 0.9, 'name-calling aimed at you', String.raw`${B}${YOU}\s+(?:${INSULT_ADJ})\s+(?:${INSULT_NOUNS}|f\w*|piece)`),
    r(
      'insult',
      0.8,
      'insulting you',
      String.raw`${B}${DISOWNED}${YOU_ARE}${NO_NEG}\s+(?:(?:so|really|just|fucking|fkn|too|this|plain|such|very|completely|totally|utterly|incredibly|unbelievably|truly|clearly|beyond)\s+){0,3}(?:${INSULT_ADJ})${E}`,
    ),
    // "you are the dumbest person I've talked to" (not "you're the worst": that grades the service).
    r(
      'insult',
      0.85,
      'insulting you',
      String.raw`${B}${YOU_ARE}\s+(?:the|such an?|one of the)\s+(?:dumbest|stupidest|thickest|most (?:stupid|idiotic|brainless|moronic))${E}`,
    ),
    r('insult', 0.8, 'insulting you', String.raw`${B}(?:are|r) (?:you|u)(?: guys| people| all)? ${ARTICLE}(?:${INSULT_ADJ}|${INSULT_NOUNS})${E}`),
    r(
      'insult',
      0.8,
      'insulting you',
      String.raw`${B}(?:what|such) (?:an? )?${ARTICLE}(?:${INSULT_NOUNS}) (?:you are|you're|u r|ur)${E}|${B}what are (?:you|u),? (?:a|an|some (?:kind|sort) of) ${ARTICLE}(?:${INSULT_NOUNS})${E}`,
    ),
    // "what the fuck you …" is an intensifier, not a curse at someone.
    r(
      'insult',
      0.85,
      'cursing at you',
      String.raw`${B}(?<!(?:the|what|wtf|why|how|who|where)\s+)(?:fuck|fck|fuk|screw|piss on)\s*(?:you|u|ya|yourself|yourselves|y'?all|you guys|you people|your (?:mother|mom|mum|team|staff))${E}(?!'|\s+(?:mean|want|doing|talking|think|say|saying|need|got|have|had|were|are|really|actually)\b)|${B}(?:god ?)?damn (?:you|u|y'?all|you all|you guys|you people)(?=\s*(?:[,.!?]|$|and\b|all\b|to hell))|${B}(?:stfu|gtfo|f off|fuck off|piss off|bugger off|sod off|shut the fuck up)${E}|${B}go (?:fuck|screw) (?:yourself|yourselves|urself)${E}`,
    ),
    r(
      'insult',
      0.6,
      'telling you to shut up',
      String.raw`(?:^|[.!?,:]\s*|\b(?:just|now|so|oh|please|pls|plz)\s+)shut (?:up|your (?:mouth|face|trap|hole))(?=\s*(?:[,.!?]|$|you\b|already|now|idiot|moron))`,
    ),
    r('insult', 0.6, 'telling you where to go', String.raw`${B}(?:go to hell|burn in hell|rot in hell|go die in a (?:fire|hole|ditch))${E}`),
    // Name-calling without "you" in a message is still addressed to the reader: "Idiot.", "listen, moron".
    r(
      'insult',
      0.75,
      'name-calling',
      String.raw`^\W*(?:(?:listen|look|hey|ok|okay|oh|wow|yeah|yes|no|seriously|thanks|thank you|sure)\W+)?${ARTICLE}(?:${INSULT_NOUNS})\W*$|(?:^|[,.!?]\s*)(?:listen|look|hey|okay|ok|wow|thanks|thank you|yeah|no|sure),?\s+(?:you\s+)?${ARTICLE}(?:${INSULT_NOUNS})${E}\s*(?:[,.!?]|$)|[,;]\s*(?:you\s+)?(?:${INSULT_NOUNS})\W*$`,
    ),
    // Threats of harm — not of a lawsuit, a review or leaving: those are complaints.
    r(
      'threat',
      1,
      'threat of harm',
      String.raw`${B}${THREAT_SUBJECT}(?:\s+(?:personally|literally|seriously|really|just|fucking|actually|come and|come over and|come down there and|find you and|find and))*\s+${THREAT_VERB}\s+${THREAT_OBJECT}${E}(?!\s+(?:in (?:court|reviews?|the reviews|online|the press)|with (?:a )?(?:lawyers?|lawsuits?|reviews?|complaints?|bad reviews)|on (?:twitter|x|social media|yelp|trustpilot|google|reddit)|a (?:lawyer|better|new|manager)))`,
    ),
    r(
      'threat',
      1,
      'threat of harm',
      String.raw`${B}(?:i know where (?:you|u) (?:live|work|sleep)|watch your back|you(?:'ll| will|'re going to| are going to| r gonna|'re gonna| are gonna) (?:regret being born|be sorry you were born|get hurt|end up (?:dead|in (?:a|the) (?:hospital|ditch|grave|morgue)))|you(?:'re| are) (?:a )?dead (?:man|woman|meat)|your (?:days are numbered|family (?:will|is going to) (?:pay|suffer)))${E}`,
    ),
    r(
      'threat',
      0.9,
      'threat of harm',
      String.raw`${B}(?:i'?ll|i will|i'?m gonna|i am going to|gonna) (?:come|show up|turn up) (?:to|at|down to|round to) your (?:office|house|home|door|work|building)[^.!?]{0,60}(?:hurt|beat|kill|smash|punch|shoot|stab|you'?ll see|with a (?:gun|knife|bat))`,
    ),
    r(
      'threat',
      0.95,
      'wishing you harm',
      String.raw`${B}(?:hope|i hope|wish|i wish) (?:someone|somebody|they) (?:kills?|shoots?|stabs?|hurts?|beats?|rapes?) (?:you|u|y'?all|your (?:family|kids))${E}|${B}(?:i hope|hope|i wish|wish|may) (?:you|u|y'?all|your (?:whole )?(?:family|kids|team|staff))(?: all)?(?: would| will| could)? (?:dies?|get (?:cancer|hit by|run over|killed|raped|hurt)|burn|rot|suffer|choke)${E}`,
    ),
    // Harassment: telling someone to harm themself, sexual remarks, degrading the person.
    r(
      'harassment',
      1,
      'telling you to harm yourself',
      String.raw`${B}(?:kys|kill yourself|kill urself|go (?:kill|hang|drown|shoot) (?:yourself|urself)|go die|go jump off (?:a|the) (?:bridge|cliff|building)|neck yourself|you should (?:die|kill yourself|not exist|never have been born)|(?:nobody|no one|no1) (?:would miss|loves|likes|cares about) you|drink bleach)${E}`,
    ),
    r(
      'harassment',
      0.9,
      'sexual remark',
      String.raw`${B}(?:send (?:me )?(?:nudes|pics of you|a (?:pic|photo|picture|selfie) of (?:you|yourself)|your pics|photos of (?:you|yourself)|a selfie)|what are you wearing|are you wearing anything|(?:you|your voice|your photo) (?:makes?|gets?) me (?:horny|hard|wet)|i'?d love to get you alone|hey (?:sexy|baby|babe|hottie)|you deserve to be (?:raped|beaten|hurt)|(?:are|r) (?:you|u) (?:single|hot|sexy)|you(?:'re| are| r| sound| look) (?:so |really )?(?:hot|sexy|fuckable)|(?:i (?:want|wanna|would)|i'd) (?:to )?(?:fuck|bang|screw|sleep with|have sex with|touch) (?:you|u)|suck my (?:dick|cock)|(?:show|flash) me your (?:tits|boobs|body|ass)|sit on my (?:face|lap)|i(?:'m| am) (?:touching|jerking) (?:myself|off)|your (?:tits|boobs|ass|body) (?:is|are|look))${E}`,
    ),
    r(
      'harassment',
      0.75,
      'demeaning you',
      String.raw`${B}(?:you(?:'re| are) (?:just )?(?:a |an )?(?:slave|servant|nobody)(?: to me)?|you(?:'re| are) beneath me|know your place|get back (?:in|to) the kitchen|you(?:'re| are) paid to (?:take|eat) (?:this|it|shit)|that'?s why you work in (?:a )?call cent(?:er|re)|you(?:'ll| will) (?:never amount to anything|always be a nobody)|no wonder (?:you|u)(?:'re| are| r) (?:stuck )?(?:in|doing) (?:this|support|a call cent(?:er|re))(?: job)?|get a real job|you(?:'re| are) (?:a |just a )?(?:woman|girl|female),? (?:so )?you (?:wouldn'?t|can'?t|don'?t|won'?t) (?:understand|get it)|women like you (?:should|belong))${E}`,
    ),
  ];
}

/**
 * Normalises what people do to slip past filters: case, accents, curly quotes, leetspeak
 * inside words, letters stretched for effect ("stuuupid") and dotted or spaced letters
 * ("i d i o t").
 */
function normalise(text: string): string {
  let t = fold(text)
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\[name\]/g, 'someone')
    .replace(/\bf[*#%@!]+(?:c?k|(?=\s|$))/g, 'fuck')
    .replace(/\bsh[*#%@!]+t/g, 'shit');
  // Reported speech ("a user keeps writing \"you are an idiot\"") is not aimed at the reader;
  // a message that is nothing but a quote still counts.
  const unquoted = t.replace(/"[^"]*"|«[^»]*»/g, ' " ');
  if (/[\p{L}]/u.test(unquoted)) t = unquoted;
  t = t.replace(/\b[a-z0-9@$]*[a-z][a-z0-9@$]*\b/g, (word) =>
    word
      .replace(/[0@]/g, (c) => (c === '0' ? 'o' : 'a'))
      .replace(/1/g, 'i')
      .replace(/3/g, 'e')
      .replace(/\$/g, 's'),
  );
  t = t.replace(/([a-z])\1{2,}/g, '$1$1');
  // Stretched letters: "stuuupid" → "stuupid" → try the single-letter form too when matching.
  t = t.replace(/\b(?:[a-z][.\s*_-]){3,}[a-z]\b/g, (m) => m.replace(/[.\s*_-]/g, ''));
  return t.replace(/\s+/g, ' ');
}

/** Letter pairs collapsed as well, so "stuupid" also reads "stupid"; "soon" → "son" is harmless here. */
const squeeze = (t: string): string => t.replace(/([a-z])\1+/g, '$1');

/**
 * Teammate protection: is this message abuse aimed at the agent or the team — insults,
 * slurs, threats, harassment? Frustration with the product is **not** abuse: "this app is
 * garbage" or "your service is a f***ing joke" reads as frustration (answer it with
 * empathy); "you are an idiot" reads as abuse (answer it with one calm boundary line and
 * a handoff offer, never an apology). Tuned for precision, because blurring a frustrated
 * customer's message costs more than missing an insult. English only; other languages
 * return `abusive: false` except for the slur list. Pure, synchronous, no dependencies.
 *
 * @example
 * detectAbuse('you are an idiot') // → { abusive: true, kind: 'insult', score: 0.9, cues: ['name-calling aimed at you'] }
 * detectAbuse('this app is garbage') // → { abusive: false, kind: null, score: 0, cues: [] }
 */
export function detectAbuse(text: string): AbuseResult {
  rules ??= compile();
  slurPattern ??= new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${SLURS_ROT13.map(rot13).join('|')})(?:s|z)?(?![\p{L}\p{N}])`, 'u');
  if (typeof text !== 'string' || text.trim() === '') return { abusive: false, score: 0, kind: null, cues: [] };
  const base = normalise(text.length > 4000 ? text.slice(0, 4000) : text);
  const squeezed = squeeze(base);
  const found: { kind: AbuseKind; weight: number; cue: string }[] = [];
  for (const rule of rules) {
    if (rule.pattern.test(base) || rule.pattern.test(squeezed)) found.push(rule);
  }
  if (slurPattern.test(base) || slurPattern.test(squeezed)) found.push({ kind: 'slur', weight: 0.95, cue: 'slur' });
  if (found.length === 0) return { abusive: false, score: 0, kind: null, cues: [] };
  found.sort((a, b) => b.weight - a.weight);
  // Independent cues add up (noisy-or): two mild ones outweigh one.
  const score = Math.round((1 - found.reduce((p, f) => p * (1 - f.weight), 1)) * 100) / 100;
  const top = found[0];
  return {
    abusive: score >= 0.5,
    score,
    kind: top ? top.kind : null,
    cues: [...new Set(found.map((f) => f.cue))],
  };
}
