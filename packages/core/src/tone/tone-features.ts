/**
 * Feature extraction shared by the runtime (`detectTone`) and the training script, so the
 * model is always scored on exactly the features it was trained on.
 */

/** How many tokens after a negator get the `!` (negated) prefix. */
const NEGATION_WINDOW = 3;

let negators: ReadonlySet<string> | undefined;

/** Lazily built so that importing the module has no side effects. */
function isNegator(tok: string): boolean {
  negators ??= new Set(
    'not no never nothing nobody none nor cannot without dont cant wont didnt doesnt isnt wasnt havent hasnt arent werent couldnt shouldnt wouldnt aint neither'.split(
      ' ',
    ),
  );
  // Words ending in n't cover the long tail of contractions (hasn't, mustn't, …).
  return negators.has(tok) || tok.endsWith("n't");
}

/**
 * Lowercased word tokens with negation marking, plus `?` and `!` once each if present.
 * Returns whether a word has a letter three times in a row ("sooo").
 * Appends to `out` (reused by callers to avoid allocating an array per message).
 *
 * `lower` must already be lowercased; apostrophes may be ASCII or typographic. Tokens
 * longer than `stemLength` are cut, a crude stemmer ("frustrated"/"frustrating" →
 * "frustra") that also shrinks the vocabulary the model has to ship.
 */
export function extractFeatures(lower: string, out: string[], stemLength: number): boolean {
  let neg = 0;
  let stretched = false;
  let start = -1;
  let q = false;
  let x = false;
  const n = lower.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? lower.charCodeAt(i) : 32;
    // a-z, ASCII apostrophe, typographic apostrophe (U+2019) continue a word.
    if ((c >= 97 && c <= 122) || c === 39 || c === 0x2019) {
      if (start < 0) start = i;
      else if (i - start > 1 && c === lower.charCodeAt(i - 1) && c === lower.charCodeAt(i - 2) && c !== 39) stretched = true;
      continue;
    }
    if (start >= 0) {
      let tok = lower.slice(start, i);
      start = -1;
      if (tok.includes('\u2019')) tok = tok.replace(/\u2019/g, "'");
      // Quotes around words are not apostrophes.
      if (tok.charCodeAt(0) === 39) tok = tok.slice(1);
      if (tok.charCodeAt(tok.length - 1) === 39) tok = tok.slice(0, -1);
      if (tok.length > 0) {
        if (isNegator(tok)) {
          out.push(tok.length > stemLength ? tok.slice(0, stemLength) : tok);
          neg = NEGATION_WINDOW;
        } else {
          const stem = tok.length > stemLength ? tok.slice(0, stemLength) : tok;
          if (neg > 0) {
            out.push('!' + stem);
            neg--;
          } else out.push(stem);
        }
      }
    }
    // Emoji and the two commonest emoticons are words of their own (😂, 😭, ":)", ":(").
    if (c >= 0xd800 && c <= 0xdbff) {
      out.push(lower.slice(i, i + 2));
      i++;
    } else if (c === 58 && (lower[i + 1] === ')' || lower[i + 1] === '(')) out.push(lower.slice(i, i + 2));
    // Clause punctuation ends the scope of a negation.
    if (c === 46 || c === 44 || c === 59 || c === 58) neg = 0;
    else if (c === 63) {
      q = true;
      neg = 0;
    } else if (c === 33) {
      x = true;
      neg = 0;
    }
  }
  if (q) out.push('?');
  if (x) out.push('!');
  return stretched;
}
