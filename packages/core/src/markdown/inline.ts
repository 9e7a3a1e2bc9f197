import type { MarkdownInline } from './markdown.types.js';
import { displayUrl, misleadingLinkText, safeHref } from './links.js';

/*
 * Inline markdown in two linear passes, so hostile input (`*[` repeated 100,000 times,
 * thousands of unmatched backticks) costs O(n):
 * 1. tokenize: text, code spans (closing runs found through a table of backtick runs,
 *    not by searching ahead), emphasis delimiter runs, `[` and `](destination)` (bounded
 *    look-ahead), autolinks and bare URLs, line breaks;
 * 2. match emphasis with per-character opener stacks inside each link's frame (openers
 *    between a matched pair become literal, like CommonMark's "process emphasis"), then
 *    build the tree in one walk.
 * Simplifications against CommonMark: no reference links, no entity decoding (an
 * entity shows as written), no "rule of 3", every newline is a line break (chat text).
 */

const enum K {
  Text,
  Code,
  Delim,
  LinkOpen,
  LinkClose,
  Break,
  Url,
}

interface Tok {
  k: K;
  /** Text, code text, or the href of a `LinkOpen`/`Url`. */
  s: string;
  /** Delimiter character. */
  ch: string;
  /** Delimiter characters not yet used by a match. */
  n: number;
  canOpen: boolean;
  canClose: boolean;
  /** Tags this run closes (innermost first), then opens (innermost first); allocated on first match. */
  closes: Tag[] | null;
  opens: Tag[] | null;
  alive: boolean;
}

type Tag = 'emphasis' | 'strong';

const tok = (k: K, s: string): Tok => ({ k, s, ch: '', n: 0, canOpen: false, canClose: false, closes: null, opens: null, alive: true });

// ASCII first: the Unicode property tests are only for the rest.
const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || (c > '\x7f' && SPACE.test(c));
const isPunct = (c: string) => (c < '\x80' ? ESCAPABLE.includes(c) : PUNCT.test(c));

/**
 * `indexOf` for left-to-right scans: remembers the last answer per character, so many
 * look-aheads for a character that is far away (or absent) cost O(n) in total.
 */
function nextFinder(src: string) {
  const memo = new Map<string, { from: number; at: number }>();
  return (c: string, from: number): number => {
    const m = memo.get(c);
    if (m && from >= m.from && (m.at < 0 || from <= m.at)) return m.at;
    const at = src.indexOf(c, from);
    memo.set(c, { from, at });
    return at;
  };
}

const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;
const WORDISH = /[\p{L}\p{N}]/u;
const ESCAPABLE = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
// Anything the tokenizer treats specially; without it a paragraph is one text node.
const PLAIN_FAST = /[\\\n`*_[\]<]|https?:\/\//iu;
const SPECIAL_CHAR = new Set(['\\', '\n', '`', '*', '_', '[', ']', '<']);
const SPECIAL = /[\\\n`*_[\]<]|[hH][tT][tT][pP][sS]?:\/\//g;
const URL_CHARS = /[^\s<>"'`[\]]+/uy;
const TRAILING = /[.,;:!?*_~'"]+$/u;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^\s<>]{1,2048})>/iy;
const MAX_DEST = 2048;
/**
 * Emphasis runs, brackets, code spans and URLs per paragraph. Real replies use a few
 * dozen; a hostile one gets the first 2,000 and the rest as plain text, which keeps
 * 100 KB of `*[` far below 50 ms even on a slow phone.
 */
const MAX_STRUCTURE = 2000;

function tokenize(src: string, open: boolean): Tok[] {
  const toks: Tok[] = [];
  let buf = '';
  const flush = () => {
    if (buf) toks.push(tok(K.Text, buf));
    buf = '';
  };
  // Backtick runs by length, so a code span finds its closer without scanning ahead.
  const runs = new Map<number, number[]>();
  const cursor = new Map<number, number>();
  for (let i = 0; i < src.length;) {
    if (src[i] !== '`') {
      i++;
      continue;
    }
    let j = i;
    while (src[j] === '`') j++;
    const list = runs.get(j - i);
    if (list) list.push(i);
    else runs.set(j - i, [i]);
    i = j;
  }
  const brackets: number[] = [];
  const next = nextFinder(src);
  let structural = 0;
  let i = 0;
  SPECIAL.lastIndex = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (structural >= MAX_STRUCTURE && c !== '\n') {
      // Past the budget only line breaks still count: the rest of a hostile paragraph is text.
      const nl = src.indexOf('\n', i);
      const to = nl < 0 ? src.length : nl;
      buf += src.slice(i, to);
      i = to;
      continue;
    }
    if (!SPECIAL_CHAR.has(c) && !((c === 'h' || c === 'H') && /^https?:\/\//iu.test(src.slice(i, i + 8)))) {
      // Plain text: jump to the next special character or URL in one regex search.
      SPECIAL.lastIndex = i;
      const found = SPECIAL.exec(src);
      const to = found ? found.index : src.length;
      buf += src.slice(i, to);
      i = to;
      continue;
    }
    if (c === '\\') {
      const next = src[i + 1] ?? '';
      if (next === '\n') {
        flush();
        toks.push(tok(K.Break, ''));
        i += 2;
      } else if (next && ESCAPABLE.includes(next)) {
        buf += next;
        i += 2;
      } else {
        buf += c;
        i++;
      }
    } else if (c === '\n') {
      buf = buf.replace(/[ \t]+$/u, '');
      flush();
      toks.push(tok(K.Break, ''));
      i++;
      while (src[i] === ' ' || src[i] === '\t') i++;
    } else if (c === '`') {
      let j = i;
      while (src[j] === '`') j++;
      const len = j - i;
      const list = runs.get(len) ?? [];
      let at = cursor.get(len) ?? 0;
      while (at < list.length && (list[at] ?? 0) <= i) at++;
      cursor.set(len, at);
      const close = list[at];
      if (close === undefined) {
        buf += src.slice(i, j);
        i = j;
        continue;
      }
      let code = src.slice(j, close).replace(/\n/gu, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
      flush();
      structural++;
      toks.push(tok(K.Code, code));
      i = close + len;
    } else if (c === '*' || c === '_') {
      let j = i;
      while (src[j] === c) j++;
      const before = src[i - 1] ?? ' ';
      const after = src[j] ?? ' ';
      const spaceBefore = isSpace(before);
      const spaceAfter = isSpace(after);
      const punctBefore = isPunct(before);
      const punctAfter = isPunct(after);
      const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
      const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
      flush();
      structural++;
      const t = tok(K.Delim, src.slice(i, j));
      t.ch = c;
      t.n = j - i;
      // At the end of text still streaming in, a run may grow (`*` → `**`): it matches nothing yet.
      const growing = open && j === src.length;
      t.canOpen = !growing && (c === '*' ? left : left && (!right || punctBefore));
      t.canClose = !growing && (c === '*' ? right : right && (!left || punctAfter));
      toks.push(t);
      i = j;
    } else if (c === '[') {
      flush();
      structural++;
      brackets.push(toks.length);
      toks.push(tok(K.Text, '['));
      i++;
    } else if (c === ']') {
      const dest = brackets.length && src[i + 1] === '(' ? destination(src, i + 2, next) : null;
      const opener = brackets.pop();
      if (!dest || opener === undefined) {
        buf += ']';
        i++;
        continue;
      }
      flush();
      const open = toks[opener];
      if (open) {
        open.k = K.LinkOpen;
        open.s = dest.href;
      }
      toks.push(tok(K.LinkClose, ''));
      // No links inside links: every outer `[` stays literal.
      brackets.length = 0;
      i = dest.end;
    } else if (c === '<') {
      AUTOLINK.lastIndex = i;
      const m = AUTOLINK.exec(src);
      if (m) {
        flush();
        structural++;
        toks.push(tok(K.Url, m[1] ?? ''));
        i += m[0].length;
      } else {
        buf += c;
        i++;
      }
    } else {
      // A bare http(s) URL, unless it continues a word (`xhttps://`).
      const before = src[i - 1] ?? ' ';
      URL_CHARS.lastIndex = i;
      const m = WORDISH.test(before) ? null : URL_CHARS.exec(src);
      if (!m) {
        buf += c;
        i++;
        continue;
      }
      let url = m[0].replace(TRAILING, '');
      // A closing parenthesis belongs to the URL only when it opened one.
      while (url.endsWith(')') && count(url, '(') < count(url, ')')) url = url.slice(0, -1).replace(TRAILING, '');
      flush();
      structural++;
      toks.push(tok(K.Url, url));
      i += url.length;
    }
  }
  flush();
  return toks;
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

/**
 * `(destination "title")` starting after `](`. Every look-ahead goes through `next`, so a
 * text full of `](` that never closes stays linear.
 */
function destination(src: string, from: number, next: (c: string, from: number) => number): { href: string; end: number } | null {
  let i = from;
  while (src[i] === ' ') i++;
  let href: string;
  if (src[i] === '<') {
    const close = next('>', i);
    if (close < 0 || close - i > MAX_DEST) return null;
    href = src.slice(i + 1, close);
    if (href.includes('\n')) return null;
    i = close + 1;
  } else {
    const ends = [next(' ', i), next('\n', i), next('\t', i), next(')', i)].filter((n) => n >= 0);
    const stop = ends.length ? Math.min(...ends) : src.length;
    if (stop - i > MAX_DEST) return null;
    const paren = next('(', i);
    if (paren >= 0 && paren < stop) {
      // Balanced parentheses inside the destination (`…/Foo_(bar)`): a short, bounded walk.
      let depth = 0;
      let j = i;
      for (; j < src.length && j - i < 256; j++) {
        const c = src[j];
        if (c === ' ' || c === '\n' || c === '\t') break;
        if (c === '(') depth++;
        else if (c === ')' && depth-- === 0) break;
      }
      if (depth > 0 || j - i >= 256) return null;
      href = src.slice(i, j);
      i = j;
    } else {
      href = src.slice(i, stop);
      i = stop;
    }
  }
  while (src[i] === ' ') i++;
  const quote = src[i];
  if (quote === '"' || quote === "'") {
    const close = next(quote, i + 1);
    if (close < 0 || close - i > MAX_DEST) return null;
    i = close + 1;
    while (src[i] === ' ') i++;
  }
  if (src[i] !== ')') return null;
  return { href, end: i + 1 };
}

interface Frame {
  all: Tok[];
  star: Tok[];
  under: Tok[];
}

const frame = (): Frame => ({ all: [], star: [], under: [] });

function matchEmphasis(toks: Tok[]): void {
  const frames: Frame[] = [frame()];
  for (const t of toks) {
    if (t.k === K.LinkOpen) frames.push(frame());
    else if (t.k === K.LinkClose) frames.pop();
    if (t.k !== K.Delim) continue;
    const f = frames[frames.length - 1] ?? frame();
    const stack = t.ch === '*' ? f.star : f.under;
    if (t.canClose) {
      while (t.n > 0) {
        let o = stack[stack.length - 1];
        while (o && (!o.alive || o.n === 0)) {
          stack.pop();
          o = stack[stack.length - 1];
        }
        if (!o) break;
        const use = o.n >= 2 && t.n >= 2 ? 2 : 1;
        const tag = use === 2 ? 'strong' : 'emphasis';
        o.n -= use;
        t.n -= use;
        (o.opens ??= []).push(tag);
        (t.closes ??= []).push(tag);
        // Openers between the pair can no longer match: they stay literal.
        for (let top = f.all[f.all.length - 1]; top && top !== o; top = f.all[f.all.length - 1]) {
          top.alive = false;
          f.all.pop();
        }
        if (o.n === 0) {
          f.all.pop();
          stack.pop();
        }
      }
    }
    if (t.canOpen && t.n > 0) {
      f.all.push(t);
      stack.push(t);
    }
  }
}

interface Open {
  type: 'emphasis' | 'strong' | 'link';
  href: string;
  children: MarkdownInline[];
}

/**
 * Parses inline markdown (one paragraph's text) into nodes. `open`: the text is still
 * streaming in, so a delimiter run at its very end is left as text until it is complete.
 */
export function parseInline(src: string, open = false): MarkdownInline[] {
  // Most paragraphs of a reply are plain words: no tokens to build.
  if (!PLAIN_FAST.test(src)) return src ? [{ type: 'text', text: src }] : [];
  const toks = tokenize(src, open);
  matchEmphasis(toks);
  const root: MarkdownInline[] = [];
  const stack: Open[] = [];
  let inLink = 0;
  const out = (): MarkdownInline[] => stack[stack.length - 1]?.children ?? root;
  const text = (s: string) => {
    if (!s) return;
    const into = out();
    const last = into[into.length - 1];
    if (last?.type === 'text') into[into.length - 1] = { type: 'text', text: last.text + s };
    else into.push({ type: 'text', text: s });
  };
  const close = () => {
    const node = stack.pop();
    if (!node) return;
    if (node.type === 'link') {
      inLink--;
      for (const n of linkNode(node.href, node.children)) {
        if (n.type === 'text') text(n.text);
        else out().push(n);
      }
    } else out().push({ type: node.type, children: node.children });
  };
  for (const t of toks) {
    switch (t.k) {
      case K.Text:
        text(t.s);
        break;
      case K.Code:
        out().push({ type: 'code', text: t.s });
        break;
      case K.Break:
        out().push({ type: 'break' });
        break;
      case K.Url: {
        const href = inLink ? null : safeHref(t.s);
        if (href) out().push({ type: 'link', href, children: [{ type: 'text', text: displayUrl(href) }] });
        else text(t.s);
        break;
      }
      case K.LinkOpen:
        inLink++;
        stack.push({ type: 'link', href: t.s, children: [] });
        break;
      case K.LinkClose:
        close();
        break;
      case K.Delim: {
        for (const tag of t.closes ?? []) {
          if (stack[stack.length - 1]?.type === tag) close();
        }
        if (t.opens) {
          text(t.ch.repeat(t.n));
          for (let j = t.opens.length - 1; j >= 0; j--) stack.push({ type: t.opens[j] ?? 'emphasis', href: '', children: [] });
        } else if (t.n) text(t.ch.repeat(t.n));
        break;
      }
    }
  }
  while (stack.length) close();
  return root;
}

function plain(nodes: readonly MarkdownInline[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'code') s += n.text;
    else if (n.type === 'break') s += '\n';
    else s += plain(n.children);
  }
  return s;
}

/** A link node, or (for a refused destination) its words without the link. */
function linkNode(raw: string, children: MarkdownInline[]): MarkdownInline[] {
  const href = safeHref(raw.trim());
  if (!href) return children;
  const shown = plain(children);
  if (!shown.trim() || misleadingLinkText(shown, href)) return [{ type: 'link', href, children: [{ type: 'text', text: displayUrl(href) }] }];
  return [{ type: 'link', href, children }];
}
