/**
 * A hand-written check set of support-chat messages (delivery, billing, login, bugs,
 * travel). GoEmotions is Reddit; this is what the widget actually sees. Written before
 * looking at the model's answers, and not used for training or tuning.
 *
 *   tsx packages/core/scripts/tone-support-check.ts
 */
import { fileURLToPath } from 'node:url';
import { detectTone } from '../src/tone/index.js';
import type { Tone } from '../src/tone/index.js';

export const SUPPORT_CHECK: readonly (readonly [Tone, string])[] = [
  // frustration
  ['frustration', "My order still hasn't arrived and it's been two weeks."],
  ['frustration', 'You charged me twice for the same subscription. Fix it.'],
  ['frustration', 'This is the third time I am contacting you about this!!'],
  ['frustration', "The app doesn't work since the last update, this is ridiculous"],
  ['frustration', 'I want a refund. Your service is useless.'],
  ['frustration', "I'm not happy with how this was handled at all."],
  ['frustration', 'WHY IS MY PACKAGE STILL NOT HERE'],
  ['frustration', 'Nobody has answered my emails for a week, this is unacceptable.'],
  ['frustration', 'My flight was cancelled and nobody told me. Terrible.'],
  // anxiety
  ['anxiety', "I'm worried my card details were stolen, I see a payment I didn't make."],
  ['anxiety', 'What if the package gets lost? It has my passport in it.'],
  ['anxiety', "I'm really nervous my visa won't be ready before the trip."],
  ['anxiety', "I'm scared I'll lose all my files if I reinstall."],
  ['anxiety', 'I am afraid my account has been hacked'],
  // confusion
  ['confusion', 'How do I change the delivery address on my order?'],
  ['confusion', "I don't understand why my bill is higher this month."],
  ['confusion', 'Where can I find the invoice for my last payment?'],
  ['confusion', "I'm confused, the app says my booking is confirmed but the email says pending."],
  ['confusion', 'What does "pending authorization" mean on my statement?'],
  ['confusion', 'Not sure how to reset my password, the link goes nowhere?'],
  // satisfaction
  ['satisfaction', 'Thank you so much, that fixed it!'],
  ['satisfaction', 'Great, the refund came through. Really appreciate your help.'],
  ['satisfaction', 'Perfect, works now. You guys are awesome.'],
  ['satisfaction', 'The new seat is great, thanks for sorting it out so quickly.'],
  ['satisfaction', 'Love the new dashboard, it is so much easier to use.'],
  // neutral
  ['neutral', 'My order number is 48213.'],
  ['neutral', 'I would like to update the email address on my account.'],
  ['neutral', 'I am flying from Madrid to Lisbon on the 14th.'],
  ['neutral', 'The invoice should go to the billing department.'],
  ['neutral', 'I have a premium plan with two users.'],
  // sadness
  ['sadness', 'I need to cancel the trip because my father passed away.'],
  ['sadness', "I'm so sad, the gift for my daughter's birthday arrived broken."],
];

export interface SupportCheckResult {
  correct: number;
  total: number;
  misses: { text: string; expected: Tone; got: Tone }[];
}

/** Runs `detectTone` over the check set. */
export function runSupportCheck(): SupportCheckResult {
  const misses: SupportCheckResult['misses'] = [];
  for (const [expected, text] of SUPPORT_CHECK) {
    const got = detectTone(text).tone;
    if (got !== expected) misses.push({ text, expected, got });
  }
  return { correct: SUPPORT_CHECK.length - misses.length, total: SUPPORT_CHECK.length, misses };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = runSupportCheck();
  console.log(`support check set: ${r.correct}/${r.total} = ${((r.correct / r.total) * 100).toFixed(0)}%`);
  for (const m of r.misses) console.log(`  miss: expected ${m.expected}, got ${m.got}: ${m.text}`);
}
