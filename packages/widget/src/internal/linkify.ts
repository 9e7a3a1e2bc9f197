import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { displayUrl, safeHref } from '@attune/core';

// Up to whitespace or a character that cannot be in a URL written in text; bidi and
// format characters are part of the match on purpose, so they end up percent-encoded in
// what the link shows instead of reordering it.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/giu;

/**
 * Text with its `http(s)` URLs as links (new tab, `rel="noopener noreferrer nofollow"`).
 * Built from Lit bindings, never an HTML string, so everything else stays inert text; no
 * other scheme (`javascript:`, `data:`) can become a link. A link shows the address it
 * really goes to (see `displayUrl`): a right-to-left override inside a URL cannot make
 * `https://evil.example/‮moc.knab//:sptth` read as `https://bank.com`.
 */
export function linkify(text: string): (string | TemplateResult)[] {
  const out: (string | TemplateResult)[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const href = safeHref(match[0]);
    if (!href) continue;
    out.push(
      text.slice(last, match.index),
      html`<a part="link" href=${href} target="_blank" rel="noopener noreferrer nofollow" dir="ltr">${displayUrl(href)}</a>`,
    );
    last = match.index + match[0].length;
  }
  out.push(text.slice(last));
  return out;
}
