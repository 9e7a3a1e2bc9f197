/**
 * Core throughput in Node: messages per second through `detectTone`, `paraphrase`, both
 * (what the conversation does for each customer message), and the conversation store
 * applying incoming server messages (delivered by the scripted transport). Each figure is
 * the median of several passes after a warm-up pass.
 */
import { createConversation, detectTone, paraphrase } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
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
  id: 'detectTone' | 'paraphrase' | 'tone+paraphrase' | 'store';
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
  await storeRate(Math.min(options.storeMessages, 1000));
  const rates: number[] = [];
  for (let i = 0; i < options.passes; i++) rates.push(await storeRate(options.storeMessages));
  out.push({ id: 'store', label: `store applying ${options.storeMessages.toLocaleString('en')} incoming messages`, rate: spread(rates) });
  return out;
}
