/**
 * Link safety shared by the markdown parser and plain-text linkifying: which URLs may
 * become links, and what a link shows so that it never reads as one host while going to
 * another.
 */

/**
 * Bidi controls (LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI, LRM/RLM, ALM), line/paragraph
 * separators and invisible format characters (zero-width space/joiners, word joiner,
 * BOM, soft hyphen, Mongolian vowel separator).
 */
export const FORMAT_CHARS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u2028\u2029\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E]/u;
const FORMAT_CHARS_ALL = new RegExp(FORMAT_CHARS.source, 'gu');

const ALLOWED = new Set(['http:', 'https:', 'mailto:']);
const MAX_URL = 2048;

/**
 * The normalised `href` for `raw` when it is an absolute `http:`, `https:` or `mailto:`
 * URL, else `null`. Relative URLs, other schemes (`javascript:`, `data:`, `vbscript:`)
 * and entity-encoded tricks (`&#106;avascript:`) are refused; the URL parser's own
 * normalisation (tabs and newlines removed, scheme lower-cased) runs first, so
 * `java\tscript:` is refused too.
 */
export function safeHref(raw: string): string | null {
  // A cheap check first: `new URL` costs microseconds, and throwing costs more.
  if (raw.length > MAX_URL || !/^\s*(?:https?:\/\/[^\s/?#]|mailto:\S)/iu.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!ALLOWED.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  return url.href;
}

/**
 * What a link to `href` (already passed through `safeHref`) shows: the URL as the
 * browser will use it, with bidi and format characters percent-encoded so that they
 * cannot reorder or hide any part of it. International hosts stay in punycode
 * (`xn--…`), which is what defeats look-alike letters.
 */
export function displayUrl(href: string): string {
  let shown = href.startsWith('mailto:') ? href.slice(7) : href;
  try {
    shown = decodeURI(shown);
  } catch {
    // A malformed escape: show it encoded.
  }
  return shown.replace(FORMAT_CHARS_ALL, (c) => encodeURIComponent(c));
}

const HOSTISH = /(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^\s/?#@:]+@)?((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}[\p{L}\p{N}-]*)/giu;

function hostOf(href: string): string {
  try {
    return new URL(href).hostname;
  } catch {
    return '';
  }
}

/**
 * True when a link whose visible text is `text` could mislead about where it goes: the
 * text hides bidi/format characters, or names a host (`your-bank.com`,
 * `https://your-bank.com/login`) other than `href`'s. Plain words ("our help centre")
 * never mislead.
 */
export function misleadingLinkText(text: string, href: string): boolean {
  // Long link text is not worth scanning (the host pattern backtracks) and rarely honest.
  if (text.length > 256 || FORMAT_CHARS.test(text)) return true;
  const real = hostOf(href);
  if (href.startsWith('mailto:')) {
    const address = href.slice(7).split('?')[0] ?? '';
    let shown = address;
    try {
      shown = decodeURIComponent(address);
    } catch {
      // Keep it encoded.
    }
    return text.includes('@') && shown.toLowerCase() !== text.trim().toLowerCase();
  }
  for (const match of text.matchAll(HOSTISH)) {
    const named = hostOf(`http://${match[1] ?? ''}`);
    if (named && named !== real) return true;
  }
  return false;
}
