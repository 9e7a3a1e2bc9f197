import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMarkdownStream, parseMarkdown } from '../src/markdown/index.js';
import type { MarkdownBlock, MarkdownInline } from '../src/markdown/index.js';

const inline = (src: string): readonly MarkdownInline[] => {
  const block = parseMarkdown(src).blocks[0];
  assert.ok(block?.type === 'paragraph', `expected a paragraph for ${JSON.stringify(src)}`);
  return block.children;
};

function links(blocks: readonly MarkdownBlock[]): { href: string; text: string }[] {
  const out: { href: string; text: string }[] = [];
  const text = (nodes: readonly MarkdownInline[]): string => nodes.map((n) => ('text' in n ? n.text : 'children' in n ? text(n.children) : '\n')).join('');
  const walkInline = (nodes: readonly MarkdownInline[]) => {
    for (const n of nodes) {
      if (n.type === 'link') out.push({ href: n.href, text: text(n.children) });
      else if ('children' in n) walkInline(n.children);
    }
  };
  const walk = (bs: readonly MarkdownBlock[]) => {
    for (const b of bs) {
      if (b.type === 'paragraph' || b.type === 'heading') walkInline(b.children);
      else if (b.type === 'quote') walk(b.children);
      else if (b.type === 'list') b.items.forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

test('paragraphs, line breaks, emphasis, strong, code', () => {
  assert.deepEqual(inline('a **b** *c* `d` _e_'), [
    { type: 'text', text: 'a ' },
    { type: 'strong', children: [{ type: 'text', text: 'b' }] },
    { type: 'text', text: ' ' },
    { type: 'emphasis', children: [{ type: 'text', text: 'c' }] },
    { type: 'text', text: ' ' },
    { type: 'code', text: 'd' },
    { type: 'text', text: ' ' },
    { type: 'emphasis', children: [{ type: 'text', text: 'e' }] },
  ]);
  assert.deepEqual(inline('***x***'), [{ type: 'emphasis', children: [{ type: 'strong', children: [{ type: 'text', text: 'x' }] }] }]);
  assert.deepEqual(inline('snake_case_name and 2*3*4'), [
    { type: 'text', text: 'snake_case_name and 2' },
    { type: 'emphasis', children: [{ type: 'text', text: '3' }] },
    { type: 'text', text: '4' },
  ]);
  assert.deepEqual(inline('one\ntwo'), [{ type: 'text', text: 'one' }, { type: 'break' }, { type: 'text', text: 'two' }]);
  assert.deepEqual(inline('\\*not em\\*'), [{ type: 'text', text: '*not em*' }]);
  assert.equal(parseMarkdown('a\n\nb').blocks.length, 2);
});

test('lists, quotes, fenced code, headings at text size', () => {
  const doc = parseMarkdown('- one\n- two\n\n3. three\n4. four\n\n> said\n\n```js\nlet a = "<b>";\n\nx\n```\n# Big');
  assert.deepEqual(
    doc.blocks.map((b) => b.type),
    ['list', 'list', 'quote', 'code', 'heading'],
  );
  const [ul, ol, , code] = doc.blocks;
  assert.ok(ul?.type === 'list' && !ul.ordered && ul.items.length === 2);
  assert.ok(ol?.type === 'list' && ol.ordered && ol.start === 3 && ol.items.length === 2);
  assert.deepEqual(code, { type: 'code', lang: 'js', text: 'let a = "<b>";\n\nx', open: false });
  const nested = parseMarkdown('- a\n  - b\n  - c\n- d').blocks[0];
  assert.ok(nested?.type === 'list' && nested.items.length === 2 && nested.items[0]?.[1]?.type === 'list');
});

test('raw HTML and images stay text', () => {
  assert.deepEqual(inline('<img src=x onerror=alert(1)> <script>alert(1)</script> ![pic](https://example.com/a.png)'), [
    { type: 'text', text: '<img src=x onerror=alert(1)> <script>alert(1)</script> !' },
    { type: 'link', href: 'https://example.com/a.png', children: [{ type: 'text', text: 'pic' }] },
  ]);
});

test('links: only http(s) and mailto; hostile schemes keep their words and lose the link', () => {
  const hostile = [
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](vbscript:msgbox)',
    '[x](&#106;avascript:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](%6Aavascript:alert(1))',
    '[x](//evil.example/x)',
    '[x](/relative)',
    '<javascript:alert(1)>',
    'javascript:alert(1)',
  ];
  for (const src of hostile) assert.deepEqual(links(parseMarkdown(src).blocks), [], src);
  assert.deepEqual(links(parseMarkdown('[Docs](https://example.com/a_(b)) <mailto:help@example.com> https://example.org/x.').blocks), [
    { href: 'https://example.com/a_(b)', text: 'Docs' },
    { href: 'mailto:help@example.com', text: 'help@example.com' },
    { href: 'https://example.org/x', text: 'https://example.org/x' },
  ]);
});

test('a link never shows one host while going to another', () => {
  const cases: [string, string][] = [
    ['[https://your-bank.com](https://evil.example/login)', 'https://evil.example/login'],
    ['[your-bank.com](https://evil.example/)', 'https://evil.example/'],
    ['[Log in at your-bank.com now](https://evil.example/)', 'https://evil.example/'],
    ['[click\u202Ehere](https://evil.example/)', 'https://evil.example/'],
    ['[help\u200B](https://evil.example/)', 'https://evil.example/'],
  ];
  for (const [src, shown] of cases) assert.deepEqual(links(parseMarkdown(src).blocks), [{ href: shown, text: shown }], src);
  // Bare URLs with a right-to-left override: the override is shown encoded, not obeyed.
  const rlo = links(parseMarkdown('https://evil.example/\u202Emoc.knab-ruoy//:sptth').blocks);
  assert.equal(rlo.length, 1);
  assert.equal(rlo[0]?.href, 'https://evil.example/%E2%80%AEmoc.knab-ruoy//:sptth');
  assert.ok(!/[\u202A-\u202E\u2066-\u2069]/u.test(rlo[0]?.text ?? ''));
  assert.deepEqual(links(parseMarkdown('[example.com](https://example.com/page) [our help centre](https://help.example.com)').blocks), [
    { href: 'https://example.com/page', text: 'example.com' },
    { href: 'https://help.example.com/', text: 'our help centre' },
  ]);
});

test('no super-linear time on bombs (100 KB of *[ in under 50 ms, and friends)', () => {
  const bombs = [
    '*['.repeat(50_000),
    '[a]('.repeat(25_000),
    '**_'.repeat(33_000),
    '`a``'.repeat(25_000),
    '<https://'.repeat(11_000),
    '> '.repeat(50_000),
    '- '.repeat(50_000),
    '['.repeat(50_000) + '](x'.repeat(10_000),
    'a'.repeat(200_000),
  ];
  for (const bomb of bombs) parseMarkdown(bomb.slice(0, 1000)); // warm up the JIT like a page that has rendered before
  for (const bomb of bombs) {
    // CPU time of this process (not wall time, which other jobs on a shared machine
    // stretch), best of three.
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const before = process.cpuUsage();
      parseMarkdown(bomb);
      const used = process.cpuUsage(before);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    assert.ok(best < 50, `${bomb.slice(0, 8)}…: ${best.toFixed(1)} ms`);
  }
});

test('streaming: same tree however the text is split, closed blocks keep identity', () => {
  const src =
    'Intro with **bold** and a [link](https://example.com).\n\n- a\n- b *c*\n\n```ts\nconst x = 1;\n\nconst y = 2;\n```\n\n> quote\nlazy\n\nEnd `code`.';
  const whole = parseMarkdown(src);
  for (const size of [1, 2, 3, 7, 50]) {
    const stream = createMarkdownStream();
    for (let i = 0; i < src.length; i += size) stream.push(src.slice(i, i + size));
    assert.deepEqual(stream.end(), whole, `chunks of ${size}`);
  }
  const stream = createMarkdownStream();
  const first = stream.push('Para one.\n\nPara two');
  const second = stream.push(' grows.\n\nThree');
  assert.equal(second.blocks[0], first.blocks[0]);
});

test('streaming: a half-typed **bold or fence changes structure at most once', () => {
  const shapes = (src: string) => {
    const stream = createMarkdownStream();
    const seen: string[] = [];
    for (const ch of src) {
      const doc = stream.push(ch);
      const shape = JSON.stringify(doc.blocks, (k, v: unknown) => (k === 'text' ? undefined : v));
      if (seen[seen.length - 1] !== shape) seen.push(shape);
    }
    return seen;
  };
  const bold = shapes('**bold** tail');
  // plain text → strong, and never back.
  assert.ok(bold.length <= 3, bold.join('\n'));
  assert.equal(bold.filter((s) => s.includes('strong')).length, bold.length - bold.findIndex((s) => s.includes('strong')));
  const fence = shapes('```js\nconst a = 1;\n\nconst b = 2;\n```');
  const firstCode = fence.findIndex((s) => s.includes('"code"'));
  assert.ok(firstCode >= 0 && fence.slice(firstCode).every((s) => s.includes('"code"')), fence.join('\n'));
});

test('streaming: work per push is bounded by the open block', () => {
  const para = 'word '.repeat(60) + '\n\n';
  const stream = createMarkdownStream();
  const time = (n: number) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) stream.push(para);
    return (performance.now() - t) / n;
  };
  // The fastest of several rounds: a loaded machine slows some rounds, never all of them,
  // while a re-parse of the whole text would slow every round.
  const best = (rounds: number) => Math.min(...Array.from({ length: rounds }, () => time(40)));
  time(50);
  const early = best(5);
  time(3000);
  const late = best(5);
  // 50× the text so far, not 50× the time per push (a re-parse would be ~15× slower).
  assert.ok(late < early * 4 + 0.05, `early ${early.toFixed(3)} ms, late ${late.toFixed(3)} ms`);
  assert.throws(() => {
    stream.end();
    stream.push('x');
  }, /ended/);
});
