import { html } from 'lit';
import type { TemplateResult } from 'lit';

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/g;

/**
 * Text with its `http(s)` URLs as links (new tab, `rel="noopener noreferrer"`). Built from
 * Lit bindings, never an HTML string, so everything else stays inert text; no other
 * scheme (`javascript:`, `data:`) can become a link.
 */
export function linkify(text: string): (string | TemplateResult)[] {
  const out: (string | TemplateResult)[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    out.push(text.slice(last, match.index), html`<a part="link" href=${match[0]} target="_blank" rel="noopener noreferrer">${match[0]}</a>`);
    last = match.index! + match[0].length;
  }
  out.push(text.slice(last));
  return out;
}
