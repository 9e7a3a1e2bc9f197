/**
 * Core throughput in Node: messages per second through `detectTone`, `paraphrase`, both
 * (what the conversation does for each customer message), and the conversation store
 * applying incoming server messages (delivered by the scripted transport). Each figure is
 * the median of several passes after a warm-up pass.
 */
import { createConversation, detectTone, paraphrase } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
import { createMarkdownStream, parseMarkdown } from '@attune/core/markdown';
import { customerLines, transcript } from './transcript.js';
import { spread, type Spread } from './stats.js';

export interface ThroughputOptions {
  /** Customer lines fed to the text primitives per pass (each pass runs them in a loop for at least `minMs`). */
  lines: number;
  /** Incoming messages applied by the store per pass (10,000). */
  storeMessages: number;
  passes: number;
  minMs: number;
}

export interface ThroughputResult {
  id: 'detectTone' | 'paraphrase' | 'tone+paraphrase' | 'store' | 'markdown' | 'markdown-stream';
  label: string;
  /** Messages per second. */
  rate: Spread;
}

function passRate(lines: readonly string[], work: (text: string) => unknown, minMs: number): number {
  let done = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const line of lines) if (work(line)) sink++;
    done += lines.length;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  if (sink < 0) console.log(sink);
  return (done / elapsed) * 1000;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Applies `count` incoming text messages to a fresh, subscribed conversation; returns messages/s. */
export async function storeRate(count: number): Promise<number> {
  const transport = createScriptedTransport();
  const conversation = createConversation({ transport });
  const stop = conversation.subscribe(() => {});
  await settle();
  const messages = transcript(count);
  let at = Date.UTC(2025, 0, 1);
  const start = performance.now();
  for (const m of messages) transport.emit({ type: 'text', id: m.id, from: m.from, text: m.text, at: (at += 1000) });
  while (conversation.getSnapshot().messages.length < count) await settle();
  const elapsed = performance.now() - start;
  stop();
  conversation.dispose();
  return (count / elapsed) * 1000;
}

export async function runThroughput(options: ThroughputOptions): Promise<ThroughputResult[]> {
  const lines = customerLines(options.lines);
  const both = (text: string): unknown => detectTone(text) && paraphrase(text);
  const text: [ThroughputResult['id'], string, (text: string) => unknown][] = [
    ['detectTone', 'detectTone', detectTone],
    ['paraphrase', 'paraphrase', paraphrase],
    ['tone+paraphrase', 'detectTone + paraphrase', both],
  ];
  const out: ThroughputResult[] = [];
  for (const [id, label, work] of text) {
    passRate(lines, work, Math.min(options.minMs, 50));
    const rates = Array.from({ length: options.passes }, () => passRate(lines, work, options.minMs));
    out.push({ id, label, rate: spread(rates) });
  }
  // Markdown: a 2,000-token agent reply with every construct, parsed whole, and streamed in
  // token by token through the incremental parser (what the widget does per delta).
  const reply = markdownReply(2000);
  const tokens = reply.match(/\s*\S+/gu) ?? [];
  const streamed = (): unknown => {
    const stream = createMarkdownStream();
    for (const token of tokens) stream.push(token);
    return stream.end();
  };
  for (const [id, label, work] of [
    ['markdown', `parseMarkdown: 2,000-token replies (${(reply.length / 1024).toFixed(1)} KB) per second`, () => parseMarkdown(reply)],
    ['markdown-stream', 'the same replies streamed token by token (incremental parser) per second', streamed],
  ] as const) {
    passRate([reply], work, Math.min(options.minMs, 50));
    out.push({ id, label, rate: spread(Array.from({ length: options.passes }, () => passRate([reply], work, options.minMs))) });
  }
  await storeRate(Math.min(options.storeMessages, 1000));
  const rates: number[] = [];
  for (let i = 0; i < options.passes; i++) rates.push(await storeRate(options.storeMessages));
  out.push({ id: 'store', label: `store applying ${options.storeMessages.toLocaleString('en')} incoming messages`, rate: spread(rates) });
  return out;
}

/** An agent reply of about `tokens` words using every markdown construct the widget renders. */
export function markdownReply(tokens: number): string {
  const parts = [
    'Here is **what I found** about your order `#48213`, and *why* it is late:',
    '1. It left the warehouse on Monday.\n2. The carrier marked it **delayed**.\n3. A new date is set.',
    '> We will email you when it moves; see https://example.com/track/48213 or [the FAQ](https://example.com/help).',
    '- send a replacement today, or\n- refund the _shipping_ cost.',
    '```\ncarrier: northwind\nstatus: delayed\n```',
  ];
  const out: string[] = [];
  let words = 0;
  for (let i = 0; words < tokens; i++) {
    const part = parts[i % parts.length] ?? '';
    out.push(part);
    words += part.split(/\s+/u).length;
  }
  return out.join('\n\n');
}
