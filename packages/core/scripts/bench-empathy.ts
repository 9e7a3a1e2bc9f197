// Throughput of the empathy primitives over a realistic mixed corpus: the GoEmotions dev
// texts (Reddit comments) plus support-style lines, `detectTone`, `paraphrase`, and both.
// Prints the median messages/s of several passes (a pass = the whole corpus once), timed
// in CPU time of this process: on a shared machine, wall time mostly measures the others.
// Run: npm run bench:core [-- passes]
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { detectTone } from '../src/tone/index.js';
import { paraphrase } from '../src/paraphrase/index.js';

const PASSES = Number(process.argv[2] ?? 9);
const repo = fileURLToPath(new URL('../../../', import.meta.url));

const support = [
  "I'm furious that my order hasn't arrived yet",
  "My order hasn't arrived yet and it's been two weeks!!!",
  'Hey @AcmeHelp order 4471 arrived with a cracked screen #disappointed https://t.co/abc',
  "MY PACKAGE STILL HASN'T ARRIVED",
  'I told you my address twice and you still shipped it to the old one',
  "Hi there! I ordered a sofa on March 3rd, order #55812, and it still hasn't been delivered. I've called three times and every time I'm told it will arrive next week. This is the third time I've been lied to. I'm honestly so fed up.",
  'Hello, I would like to cancel my order please',
  'u guys charged me twice smh',
  "I don't understand why I was charged a late fee",
  'What the hell is wrong with you people?! I have been waiting 3 weeks for my fucking refund and nobody answers my emails. This is bullshit.',
  'I’m locked out of my account and I’m really worried',
  'im so confused, cant find the invoice anywhere',
  'Your app crashes every time I open it',
  'I love the app but it keeps crashing',
  'The train was delayed by 3 hours and I missed my connection',
  'How do I change my shipping address?',
  'Thanks so much, that fixed it!',
  'can I talk to a real person please',
  'ok',
  'The invoice shows the wrong VAT number and our accountant needs it fixed by Friday',
];

function corpus(): string[] {
  let goemotions: string[] = [];
  try {
    // The checkout's sibling `shared/` (or, from a worktree under /work/wt, two levels up).
    const dir =
      process.env.ATTUNE_GOEMOTIONS ??
      [`${repo}../shared/data/goemotions`, `${repo}../../shared/data/goemotions`].find((d) => existsSync(`${d}/dev.tsv`)) ??
      `${repo}../shared/data/goemotions`;
    goemotions = readFileSync(`${dir}/dev.tsv`, 'utf8')
      .split('\n')
      .map((line) => line.split('\t')[0]!)
      .filter(Boolean);
  } catch {
    console.warn('GoEmotions dev split not found: support lines only');
  }
  // Roughly one support line per four Reddit comments, so both kinds weigh in.
  const lines = [...goemotions];
  for (let i = 0; lines.length < goemotions.length * 1.25; i++) lines.push(support[i % support.length]!);
  return lines;
}

function measure(texts: readonly string[], fn: (text: string) => unknown): number {
  for (let i = 0; i < 2; i++) for (const t of texts) fn(t); // warm-up
  const rates: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const start = process.cpuUsage();
    for (const t of texts) fn(t);
    const used = process.cpuUsage(start);
    rates.push(texts.length / ((used.user + used.system) / 1e6));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1]!;
}

const texts = corpus();
const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US').padStart(9)} msgs/s`;
console.log(
  `${texts.length} messages per pass, median of ${PASSES} passes, CPU time; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);
console.log(`detectTone            ${fmt(measure(texts, detectTone))}`);
console.log(`paraphrase            ${fmt(measure(texts, (t) => paraphrase(t)))}`);
console.log(
  `detectTone+paraphrase ${fmt(
    measure(texts, (t) => {
      const tone = detectTone(t);
      return paraphrase(t, { tone });
    }),
  )}   (bar: 100,000)`,
);
