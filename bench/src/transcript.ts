/**
 * The deterministic data every subject renders: a support transcript of alternating
 * customer / agent messages with realistic lengths (customers write 4–30 words, agents
 * 10–55), generated from a seeded PRNG so every page, run and machine sees the same text.
 * Plain sentences only: no markdown, links or code, so no subject pays for a feature the
 * others skip.
 */
import { seededRandom } from '@attune/core/testing';

/** One transcript line, in the neutral shape each page maps to its library's own. */
export interface BenchMessage {
  id: string;
  from: 'customer' | 'agent';
  text: string;
}

const CUSTOMER = [
  'my order still has not arrived',
  'I was charged twice for the same subscription',
  'the app keeps logging me out every few minutes',
  'can you tell me where my parcel is',
  'I need to change the delivery address',
  'the refund was promised last week',
  'this is the third time I am writing about this',
  'the discount code does not work at checkout',
  'I cannot reset my password',
  'the item arrived damaged',
  'why was my account suspended',
  'I would like to cancel my plan',
  'the tracking page shows no updates since Monday',
  'thanks, that helps a lot',
  'honestly I am getting really frustrated',
  'is there a phone number I can call',
];

const AGENT = [
  'I am sorry about the wait, let me look into it right away',
  'I can see the order in our system and it left the warehouse on Tuesday',
  'could you confirm the email address on the account',
  'I have issued a refund of the duplicate charge, it should show within three to five business days',
  'here is what I found on the tracking record',
  'I have updated the delivery address for you',
  'the courier reports a delay in your area',
  'would you like me to send a replacement or a refund',
  'I have escalated this to our billing team and they will reply by tomorrow',
  'you can reset the password from the sign in page using the forgot password link',
  'thank you for your patience while I checked',
  'I understand how annoying this must be',
  'is there anything else I can help you with today',
  'your account is active again',
];

function sentence(random: () => number, pool: readonly string[], minWords: number, maxWords: number): string {
  const target = minWords + Math.floor(random() * (maxWords - minWords + 1));
  const words: string[] = [];
  while (words.length < target) {
    const clause = pool[Math.floor(random() * pool.length)]!;
    words.push(...clause.split(' '));
  }
  const text = words.slice(0, target).join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/**
 * `count` messages starting with the customer, then strictly alternating.
 * `offset` continues a transcript (ids and turn order) from message number `offset`.
 */
export function transcript(count: number, { seed = 42, offset = 0 }: { seed?: number; offset?: number } = {}): BenchMessage[] {
  const random = seededRandom(seed + offset * 7919);
  const out: BenchMessage[] = [];
  for (let i = offset; i < offset + count; i++) {
    const from = i % 2 === 0 ? 'customer' : 'agent';
    out.push({
      id: `m${i}`,
      from,
      text: from === 'customer' ? sentence(random, CUSTOMER, 4, 30) : sentence(random, AGENT, 10, 55),
    });
  }
  return out;
}

/** Customer-only lines, for the core throughput passes. */
export function customerLines(count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => sentence(random, CUSTOMER, 4, 30));
}
