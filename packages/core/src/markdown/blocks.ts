import type { MarkdownBlock } from './markdown.types.js';
import { parseInline } from './inline.js';

// Deeper nesting (`> > > …`, lists in lists) renders as text: bounded recursion.
const MAX_DEPTH = 8;

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/u;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/u;
const QUOTE = /^ {0,3}> ?/u;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/u;
// A list marker needs a space after it (or an empty item ending its line), so a lone `*`
// still being typed stays text instead of flashing into a list.
const ITEM = /^( {0,3})([-+*]|(\d{1,9})([.)]))([ \t]+|$)/u;

interface Item {
  indent: number;
  bullet: string;
  ordered: boolean;
  start: number;
  content: number;
  rest: string;
}

function item(line: string, last: boolean): Item | null {
  const m = ITEM.exec(line);
  if (!m) return null;
  const rest = line.slice(m[0].length);
  // An empty item needs its line finished: `-` at the end of a stream may become `---`.
  if (!rest && (last || !m[5])) return null;
  const indent = m[1]?.length ?? 0;
  const marker = m[2] ?? '';
  const spaces = m[5]?.length ?? 0;
  return {
    indent,
    bullet: m[4] ?? marker,
    ordered: m[3] !== undefined,
    start: Number(m[3] ?? 1),
    content: indent + marker.length + (spaces > 4 || !rest ? 1 : spaces),
    rest,
  };
}

const blank = (line: string) => !line.trim();

function interrupts(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || RULE.test(line)) return true;
  const it = item(line, false);
  return !!it && it.rest.trim() !== '' && (!it.ordered || it.start === 1);
}

function strip(line: string, width: number): string {
  let i = 0;
  while (i < width && line[i] === ' ') i++;
  return line.slice(i);
}

/**
 * Parses whole lines into blocks. `final` is false while the text may still grow: then
 * the last line may be incomplete.
 */
export function parseBlocks(lines: readonly string[], depth = 0, final = true): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  const at = (j: number) => lines[j] ?? '';
  const isLast = (j: number) => !final && j === lines.length - 1;
  while (i < lines.length) {
    const line = at(i);
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence && !(fence[1]?.startsWith('`') && line.slice(fence[0].length).includes('`'))) {
      const mark = fence[1] ?? '```';
      const indent = line.length - line.trimStart().length;
      const body: string[] = [];
      let open = true;
      i++;
      for (; i < lines.length; i++) {
        const l = at(i);
        const t = l.trim();
        if (
          t.length >= mark.length &&
          t.startsWith(mark) &&
          !t
            .slice(mark.length)
            .replaceAll(mark[0] ?? '`', '')
            .trim() &&
          !isLast(i)
        ) {
          open = false;
          i++;
          break;
        }
        body.push(strip(l, indent));
      }
      blocks.push({ type: 'code', lang: (fence[2] ?? '').replace(/[^\w+#.-]/gu, '').slice(0, 32), text: body.join('\n'), open });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]?.length ?? 1, children: parseInline(heading[2] ?? '', isLast(i)) });
      i++;
      continue;
    }
    if (RULE.test(line) && !isLast(i)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && !blank(at(i))) {
        const l = at(i);
        if (QUOTE.test(l)) inner.push(l.replace(QUOTE, ''));
        else if (interrupts(l)) break;
        else inner.push(l);
        i++;
      }
      blocks.push({ type: 'quote', children: parseBlocks(inner, depth + 1, final || i < lines.length) });
      continue;
    }
    const first = depth < MAX_DEPTH ? item(line, isLast(i)) : null;
    if (first) {
      const items: MarkdownBlock[][] = [];
      let current: Item | null = first;
      while (current) {
        const body = [current.rest];
        i++;
        let next: Item | null = null;
        for (; i < lines.length; i++) {
          const l = at(i);
          if (blank(l)) {
            const following = at(i + 1);
            if (i + 1 < lines.length && !blank(following) && following.length - following.trimStart().length >= current.content) {
              body.push('');
              continue;
            }
            break;
          }
          const indent = l.length - l.trimStart().length;
          if (indent >= current.content) {
            body.push(l.slice(current.content));
            continue;
          }
          const sibling = item(l, isLast(i));
          if (sibling) {
            if (sibling.ordered === first.ordered && sibling.bullet === first.bullet) next = sibling;
            break;
          }
          if (interrupts(l)) break;
          body.push(l);
        }
        items.push(parseBlocks(body, depth + 1, final || i < lines.length));
        current = next;
      }
      blocks.push({ type: 'list', ordered: first.ordered, start: first.start, items });
      continue;
    }
    const para: string[] = [line.trimStart()];
    i++;
    while (i < lines.length && !blank(at(i)) && !interrupts(at(i))) {
      para.push(at(i).trimStart());
      i++;
    }
    blocks.push({ type: 'paragraph', children: parseInline(para.join('\n').trimEnd(), !final && i >= lines.length) });
  }
  return blocks;
}
