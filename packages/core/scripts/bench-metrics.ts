// Cost of measuring: `summarizeConversation` over 1,000 conversations of 24 messages (the
// console's metrics page reads that many), then `aggregateSummaries` over the results.
// Prints the median of several passes in CPU time of this process (wall time on a shared
// machine mostly measures the others).
// Run: node --conditions=@attune/source --import tsx packages/core/scripts/bench-metrics.ts [passes]
import { aggregateSummaries, summarizeConversation } from '../src/metrics/index.js';
import type { Message } from '../src/types.js';

const PASSES = Number(process.argv[2] ?? 7);
const lines = [
  "My order still hasn't arrived and I'm furious!!",
  'I was charged twice for the same order',
  "I'm worried my payment went through twice",
  'How do I change my delivery address?',
  'you are an idiot',
  'Thanks, that works perfectly!',
];

function conversation(n: number): Message[] {
  const t = Date.UTC(2026, 0, 1) + n * 3_600_000;
  const out: Message[] = [
    { kind: 'text', id: `g${String(n)}`, from: 'agent', text: 'Hi! What can I help you with?', at: t, status: 'sent', tags: ['question'] },
  ];
  for (let turn = 0; turn < 6; turn++) {
    const at = t + turn * 60_000;
    const c = `c${String(n)}-${String(turn)}`;
    out.push(
      { kind: 'text', id: c, from: 'customer', text: lines[(n + turn) % lines.length] ?? '', at, status: 'sent' },
      {
        kind: 'text',
        id: `a${c}`,
        from: 'agent',
        text: "I understand, that's irritating. Let me check.",
        at: at + 4000,
        status: 'sent',
        tags: ['acknowledgment', 'action'],
      },
      {
        kind: 'echo',
        id: `e${c}`,
        about: c,
        text: 'It sounds like…',
        reflection: 'your order is late',
        state: turn % 3 ? 'confirmed' : 'corrected',
        at: at + 4000,
      },
      {
        kind: 'choice',
        id: `p${c}`,
        prompt: 'Which?',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
        chosen: 'a',
        purpose: 'flow',
        at: at + 9000,
      },
    );
  }
  out.push(
    {
      kind: 'recap',
      id: `r${String(n)}`,
      understood: 'x',
      done: [],
      nextStep: { who: 'We', what: 'refund', when: 'today' },
      resolved: n % 2 === 0,
      care: 'Take care.',
      at: t + 400_000,
    },
    { kind: 'csat', id: `q${String(n)}`, prompt: 'How did we do?', scale: 5, score: 1 + (n % 5), at: t + 401_000 },
  );
  return out;
}

const transcripts = Array.from({ length: 1000 }, (_, n) => ({ id: `c${String(n)}`, messages: conversation(n) }));
const times: number[] = [];
let checksum = 0;
for (let p = 0; p < PASSES; p++) {
  const t0 = process.cpuUsage();
  const team = aggregateSummaries(transcripts.map((c) => summarizeConversation(c)));
  const used = process.cpuUsage(t0);
  times.push((used.user + used.system) / 1000);
  checksum += team.conversations;
}
times.sort((a, b) => a - b);
console.log(
  `summarize + aggregate, 1,000 conversations × ${String(transcripts[0]?.messages.length)} messages: median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(0)} ms CPU (${String(PASSES)} passes; checksum ${String(checksum)})`,
);
