/** A whitespace-free run longer than this is cut until the reader asks for it all. */
export const LONG_WORD = 300;
export const WORD = new RegExp(`\\S{${LONG_WORD + 1},}`, 'gu');

export interface Render {
  /** Show long words whole. */
  full: boolean;
  /** Set when something was cut. */
  cut: boolean;
}

/** `s` with every word longer than `LONG_WORD` cut (unless `r.full`); sets `r.cut` when it cut one. */
export function cutLongWords(s: string, r: Render): string {
  if (r.full || s.length <= LONG_WORD) return s;
  return s.replace(WORD, (word) => {
    r.cut = true;
    return `${word.slice(0, LONG_WORD)}…`;
  });
}

/** Plain text with its safe `http(s)` URLs as links, long words cut like markdown's. */
export function renderPlain(s: string, links: (s: string) => unknown[], full = false): { content: unknown; cut: boolean } {
  const r: Render = { full, cut: false };
  const parts = links(s).map((p) => (typeof p === 'string' ? cutLongWords(p, r) : p));
  // Text without links is one text node, not an array part with its two markers.
  return { content: parts.length === 1 ? parts[0] : parts, cut: r.cut };
}
