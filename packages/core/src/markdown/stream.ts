import type { MarkdownBlock, MarkdownDocument } from './markdown.types.js';
import { parseBlocks } from './blocks.js';
import { AttuneError } from '../errors.js';

/** Parses markdown text that arrives in pieces; see `createMarkdownStream`. */
export interface MarkdownStream {
  /** Appends text and returns the document so far. */
  push(text: string): MarkdownDocument;
  /** The text is complete: returns the final document. A later `push` throws `input/invalid`. */
  end(): MarkdownDocument;
  /** The document so far (the same object until the next `push` or `end`). */
  readonly document: MarkdownDocument;
  /** Every character pushed so far (line endings normalised). */
  readonly text: string;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/u;

/**
 * An incremental markdown parser for streamed replies. The text is cut into independent
 * segments at a blank line followed by an unindented line (outside fenced code): a
 * segment before the last cut is parsed once and its blocks never change again; only
 * the open segment is re-parsed on each push. So a push costs the pushed text plus the
 * open block, not the whole message, and `parseMarkdown(text)` is exactly this stream
 * fed at once: the same text gives the same tree however it was split into pieces.
 *
 * @example
 * const md = createMarkdownStream();
 * md.push('**Hel');
 * md.push('lo** there');
 * md.end().blocks; // [{ type: 'paragraph', children: [{ type: 'strong', … }, { type: 'text', text: ' there' }] }]
 */
export function createMarkdownStream(): MarkdownStream {
  const closed: MarkdownBlock[] = [];
  let all = '';
  let tail = '';
  // Where the next unexamined line of `tail` starts, and what was seen up to there.
  let scan = 0;
  let fence = '';
  let afterBlank = false;
  let pendingCR = false;
  let ended = false;
  let doc: MarkdownDocument = { blocks: [] };

  const examine = () => {
    // Positions are in `tail` as it is now; it is cut once at the end, not per commit.
    let from = 0;
    const commit = (to: number) => {
      for (const block of parseBlocks(tail.slice(from, to).split('\n'))) closed.push(block);
      from = to;
      afterBlank = false;
    };
    for (let nl = tail.indexOf('\n', scan); nl >= 0; nl = tail.indexOf('\n', scan)) {
      const line = tail.slice(scan, nl);
      if (fence) {
        const t = line.trim();
        if (
          t.startsWith(fence) &&
          !t
            .slice(fence.length)
            .replaceAll(fence[0] ?? '`', '')
            .trim()
        )
          fence = '';
      } else if (!line.trim()) {
        afterBlank = true;
      } else {
        // A blank line, then an unindented one: everything before this line is final.
        if (afterBlank && !line.startsWith(' ') && !line.startsWith('\t')) commit(scan);
        afterBlank = false;
        const open = FENCE_LINE.exec(line);
        if (open && !(open[1]?.startsWith('`') && line.slice(open[0].length).includes('`'))) fence = open[1] ?? '';
      }
      scan = nl + 1;
    }
    // The line being typed already shows it starts a new block: cut before it now.
    const first = tail[scan];
    if (afterBlank && !fence && first !== undefined && first !== ' ' && first !== '\t' && first !== '\n') commit(scan);
    if (from > 0) {
      tail = tail.slice(from);
      scan -= from;
    }
  };

  const build = (final: boolean): MarkdownDocument => {
    const open = parseBlocks(tail.split('\n'), 0, final);
    doc = { blocks: open.length ? closed.concat(open) : closed.slice() };
    return doc;
  };

  return {
    push(text) {
      if (ended) throw new AttuneError('input/invalid', 'This markdown stream has ended: create a new one.');
      let chunk = text.replace(/\0/gu, '\uFFFD');
      if (pendingCR && chunk.startsWith('\n')) chunk = chunk.slice(1);
      pendingCR = chunk.endsWith('\r');
      chunk = chunk.replace(/\r\n?/gu, '\n');
      if (!chunk) return doc;
      all += chunk;
      tail += chunk;
      examine();
      return build(false);
    },
    end() {
      if (!ended) {
        ended = true;
        build(true);
      }
      return doc;
    },
    get document() {
      return doc;
    },
    get text() {
      return all;
    },
  };
}

/**
 * Parses markdown into a tree of the safe subset (paragraphs, line breaks, emphasis,
 * strong, inline code, fenced code, lists, block quotes, links; headings render at text
 * size). Raw HTML stays text and images do not exist. Linear time on any input.
 *
 * @example
 * parseMarkdown('See [the docs](https://example.com/docs).').blocks[0];
 */
export function parseMarkdown(text: string): MarkdownDocument {
  const stream = createMarkdownStream();
  stream.push(text);
  return stream.end();
}
