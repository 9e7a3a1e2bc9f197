/**
 * Support-chat cues GoEmotions (Reddit) lacks, shared by the runtime (`detectTone`) and the
 * training script: the model is trained and cross-validated with these added to its
 * logits, so the offsets it ships are tuned for the pipeline that actually runs.
 */

/*
 * Support-chat cues GoEmotions (Reddit) lacks, added to the learned logits. Hand-set
 * weights in logits; one quantisation level of the model is ~0.5, a strong model word is
 * ~3. Kept few on purpose: each is a product decision, each is covered by the check set.
 * Format: tone index, weight, regex source (matched on lowercased text, ASCII apostrophes).
 */
export const PHRASES: readonly (readonly [number, number, string])[] = [
  // First: at one position the first matching entry wins, and these must beat "thanks"/"great".
  // Sarcasm: polite or happy words used to complain. Strong, so they outweigh the
  // "thanks"/"great" the model reads as satisfaction.
  [
    0,
    5,
    'thanks? (?:a lot )?for nothing|thanks a lot|oh (?:great|wonderful|perfect|fantastic|brilliant|lovely|joy)|just (?:great|perfect|brilliant|wonderful|fantastic|lovely)|love (?:that|this) for me|yeah,? right|(?:great|brilliant|good|fantastic|amazing) job|well done,? (?:guys|team)|so helpful,? not|what a (?:joke|shambles|farce)',
  ],
  // The same, as symbols (entries of symbols get no word boundary before them).
  [0, 5, '(?:#fail|#worst|#neveragain|😡|🤬|😤|👎|🙄|/s$)'],
  // Insults and profanity: strongly negative, whoever they are aimed at.
  [
    0,
    5,
    'idiots?|morons?|clowns|useless|pathetic|incompetent|scam(?:mers?|med)?|crooks?|liars?|thie(?:f|ves)|f+u+c+k|f\\*+|sh[i*!]t|bullshit|crap|wtf|ffs|bs\\b|garbage|trash|rubbish|joke of a|disgrace|shambles|a joke|suck',
  ],
  // Loss and bereavement: sadness, answered with condolence.
  [
    3,
    4,
    'died|death of|lost my (?:mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|grand\\w+|baby|dog|cat)|in (?:the )?hospital|hospice|cancer|miscarriage|my (?:late|deceased) ',
  ],
  // A problem stated flatly is still a problem: mild frustration rather than neutral
  // (detectTone also turns a neutral reading with one of these into mild frustration).
  [
    0,
    2.5,
    'empty|ruin|breaks|dent(?:ed)?\\b|delet|damaged|broken|smashed|crushed|squashed|bent|cracked|soak|wet\\b|dead\\b|missing|incomplete|invalid|refused|rejected|declined|blocked|suspended|expired|never (?:came|arrived|turned up|showed|got|received|replied|called)|(?:does|returns) nothing|no (?:record|refund|answer|reply|sign|internet|signal|wifi|service|power)|without (?:my|any|a) |(?:down|out) since|keeps? (?:dropping|crashing|buffering|failing|sending|logging|taking|charging|getting)|(?:hours?|days?|weeks?) late|took my|lost (?:all|my|our)|wiped|vanished|disappeared|went out twice|(?:charged|billed) (?:me )?(?:for|twice|double)|still (?:not|no|has|have|waiting)|has not (?:reached|arrived|come|appeared)|not (?:the one|what) i ordered|wrong|different colou?r|smells|stuck|on hold|locked out|crash|error|overcharg|wait(?:ed|ing) (?:for )?(?:\\d|an?\\b|two|three|hours|days|weeks)|hung up|rude|ignored|cut off|not (?:working|loading)|stopped working',
  ],
  // Worry about what may happen: anxiety, not anger.
  [
    1,
    2.5,
    "stressed|stressing|panic|what happens if|will i (?:lose|be charged|miss)|is my (?:money|account|data) safe|can'?t afford|i need it (?:by|before)|before my (?:flight|trip|exam|wedding|surgery)|in time for|losing sleep|desperate|terrified|on edge",
  ],
  // Something expected did not happen: "hasn't arrived", "never received", "still not working".
  [
    0,
    2.5,
    "(?:has ?n'?t|have ?n'?t|did ?n'?t|never|still not|not yet|is ?n'?t|was ?n'?t)(?: been| even| yet)? (?:arriv|receiv|got|gotten|come|came|ship|deliver|refund|respond|repl|fix|resolv|show)",
  ],
  // Something is broken: "doesn't work", "can't log in", "won't load", "keeps crashing".
  [
    0,
    2,
    "(?:does ?n'?t|did ?n'?t|wo ?n'?t|can ?n?'?t|cannot|unable to|not|stopped|keeps?) ?(?:work|load|open|log ?in|sign ?in|access|connect|crash|fail|freez)",
  ],
  [0, 3, 'charged (?:me )?(?:twice|two times|double|again)|double[- ]charged|(?:third|fourth|fifth) time|(?:still|again)[.!?]* *$'],
  // "terrible"/"horrible" are complaints in a support chat; GoEmotions raters mostly
  // tagged them fear, so the model alone reads them as anxiety.
  [0, 1.5, 'refund|cancel|unacceptable|terrible|horrible|still|again|waiting|wast(?:e|ed|ing)|nobody (?:has )?(?:answer|help|repl)'],
  // Crying and a broken heart: upset, not anger (symbols, so no word boundary before them).
  [3, 2, '(?:😭|😢|💔)'],
  // Bereavement, common behind travel and subscription cancellations.
  [3, 5, 'passed away|passed on|funeral|bereave'],
  [1, 3, 'worr(?:y|ied|ying)|anxious|nervous|scared|afraid|panick|what if|concerned|freaking out'],
  [
    2,
    2.5,
    "how (?:do|can|should|would) (?:i|we)|where (?:do|can|is the|are the) |i (?:do ?n'?t|can ?n'?t|cannot) (?:understand|figure|find|see|get it|know how)|not sure (?:how|what|why|where|if|whether)|what does .{1,30} mean|confus|makes? no sense|i'?m lost",
  ],
  [4, 3, 'thanks?|thank you|appreciate|works now|(?:that|this) (?:fixed|solved|worked)|all (?:good|sorted)|(?:perfect|great|awesome|amazing),? thanks?'],
  // A negated positive is a complaint, not praise: "not happy", "not good enough".
  [
    0,
    3,
    "(?:not|never|no longer|(?:is|am|are|was|were|do|does|did) ?n'?t)(?: very| so| really| at all| that)? (?:happy|satisf|pleased|impress|good|great|ok|okay|acceptable|helpful)",
  ],
];

let phrases: RegExp | undefined;

/**
 * Adds the phrase cues and the all-caps cue to the logits `z` (tone order as TONES in
 * detect-tone.ts). `lower` is `text` lowercased with ASCII apostrophes. Matched phrases
 * are appended to `hits` as [tone, the words the customer typed]. Returns whether the
 * message is shouted (most letters upper-case, and enough of them that "OK" is not).
 */
export function addCues(text: string, lower: string, z: number[], hits?: [number, string, number][]): boolean {
  const re = (phrases ??= new RegExp(PHRASES.map(([, , p]) => `${/^\(\?:[^a-z(]/.test(p) ? '' : '\\b'}(${p})`).join('|'), 'g'));
  const z0 = z[0] ?? 0;
  re.lastIndex = 0;
  for (let m = re.exec(lower); m; m = re.exec(lower)) {
    for (let g = 1; g < m.length; g++) {
      if (m[g] === undefined) continue;
      const phrase = PHRASES[g - 1];
      if (!phrase) continue;
      const [tone, w] = phrase;
      z[tone] = (z[tone] ?? 0) + w;
      if (hits) {
        // Patterns match word stems ("arriv"); the cue shows the whole word the customer typed.
        let end = m.index + m[0].length;
        while (end < lower.length && isWordChar(lower.charCodeAt(end))) end++;
        hits.push([tone, lower.slice(m.index, end).trim(), g - 1]);
      }
      break;
    }
    if (m[0].length === 0) re.lastIndex++;
  }
  let upper = 0;
  let letters = 0;
  if (text !== lower) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        upper++;
        letters++;
      } else if (c >= 97 && c <= 122) letters++;
    }
  }
  // "…you lost my bags both ways. thankyou": thanks after a complaint is not satisfaction.
  // Neither is a feeling the customer denies ("I'm not angry, …").
  // Praise words next to a complaint are sarcasm ("Great, my card is blocked. Thanks").
  if (
    (z[0] ?? 0) - z0 >= 1.5 &&
    /\b(?:thanks?|thank ?you|thx|ty|cheers|appreciate|great|amazing|wonderful|brilliant|perfect|fantastic|lovely|love|helpful|well done|nice one|good job)\b/.test(
      lower,
    )
  ) {
    z[4] = (z[4] ?? 0) - 6;
    z[0] = (z[0] ?? 0) + 2;
  }
  if (lower.includes(' not ') && /\b(?:i'?m|i am) not (?:angry|mad|upset|annoyed|cross|furious)\b/.test(lower)) z[0] = (z[0] ?? 0) - 2.5;
  const caps = upper >= 6 && upper >= letters * 0.6;
  if (caps) z[0] = (z[0] ?? 0) + 0.7;
  return caps;
}

/** Index in PHRASES of the cues that state a problem flatly ("arrived damaged", "still not"). */
export const PROBLEM_CUES: ReadonlySet<number> = new Set([4, 6, 7, 8]);

/** a-z or an ASCII apostrophe. */
export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 39;
}
