/** One sentence of a text: `text.slice(start, end)`, its trailing spaces included. */
export interface Sentence {
  start: number;
  end: number;
  /** Ended by a terminator and a space, or a line break; the last one of a streaming text is not, yet. */
  complete: boolean;
}

// Words whose period does not end a sentence (lower-cased, without the period).
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sr jr st mt vs etc e.g i.e eg ie cf approx apt dept est fig inc ltd co corp no nos vol ref tel ext min max avg jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun a.m p.m am pm u.s u.k'.split(
    ' ',
  ),
);
const TERMINATOR = /[.!?…。！？]/;
const CLOSER = /["'”’)\]*_]/;
const SPACE = /\s/;

/** The word before `i` (the period's position), lower-cased, e.g. "e.g" for "(e.g." */
const wordBefore = (text: string, i: number): string => {
  let j = i;
  while (j > 0 && !SPACE.test(text[j - 1] ?? ' ') && text[j - 1] !== '(') j--;
  return text.slice(j, i).toLowerCase();
};

/**
 * Splits `text` into sentences for the guardrails: a sentence ends at `.`, `!`, `?` or `…`
 * (with closing quotes, brackets or markdown emphasis) followed by a space and a capital,
 * digit, quote or markdown mark — so "e.g. this", "Dr. Lee", "3.5", "v1.2", URLs, "…and"
 * stay whole — and at every line break (list items, paragraphs). A fenced code block is
 * one sentence. The sentences cover `text` exactly; the last is `complete` only when
 * `final` (a streaming text may still grow it).
 */
export function splitSentences(text: string, final: boolean): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let fenced = false;
  const cut = (end: number, complete: boolean): void => {
    if (end > start) out.push({ start, end, complete });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\n') {
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      if (/^\s*(```|~~~)/.test(text.slice(lineStart, i))) fenced = !fenced;
      if (fenced) continue;
      let end = i + 1;
      while (end < text.length && SPACE.test(text[end] ?? '')) end++;
      cut(end, end < text.length || final);
      i = end - 1;
      continue;
    }
    if (fenced || !TERMINATOR.test(c)) continue;
    let end = i + 1;
    while (end < text.length && (TERMINATOR.test(text[end] ?? '') || CLOSER.test(text[end] ?? ''))) end++;
    if (end >= text.length || !SPACE.test(text[end] ?? '')) {
      i = end - 1;
      continue;
    }
    let next = end;
    while (next < text.length && SPACE.test(text[next] ?? '')) next++;
    if (text.slice(end, next).includes('\n')) {
      // The line break cuts it (and keeps a fenced block's opening line with its block).
      i = end - 1;
      continue;
    }
    // Space after the terminator and nothing yet: what comes next decides.
    if (next === text.length) break;
    const after = text[next] ?? '';
    if (c === '.') {
      const word = wordBefore(text, i);
      if (ABBREVIATIONS.has(word) || /^[a-z]$/i.test(word)) continue;
    }
    // A lower-case word goes on the same sentence ("… and then", "approx. five").
    if (!/\p{Ll}/u.test(after)) {
      cut(next, true);
      i = next - 1;
    }
  }
  // The rest may still grow while streaming ("Sorry about that." + " the …" is one sentence).
  cut(text.length, final);
  return out;
}
