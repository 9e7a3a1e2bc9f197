// Realistic stored conversations for the metrics tests and screenshots: a customer writes
// in some tone, an agent replies after a while, echoes (confirmed or corrected), offers
// options, sometimes hands off, closes with a recap (resolved or not) and asks for a rating.
// Deterministic (seeded), written straight into a store with the times it says.
import type { ServerEvent } from '@attune/core';
import { seededRandom } from '@attune/core/testing';
import type { ConversationStore } from '../src/store/types.js';

type Stored = Omit<ServerEvent, 'seq' | 'v'>;

const OPENERS: readonly (readonly [string, number])[] = [
  ['This is ridiculous, my order still has not arrived after two weeks!', 0.25],
  ['I am really worried, I was charged twice for the same subscription.', 0.2],
  ['Hi, how do I change the delivery address on my order?', 0.25],
  ['I do not understand why my account got locked, I did nothing wrong?', 0.15],
  ['I am so disappointed, the gift I ordered for my mum arrived broken.', 0.1],
  ['You are an idiot and this support is a joke, you useless moron.', 0.05],
];
const FOLLOW_UPS_GOOD = ['Thanks, that really helps!', 'Great, thank you so much for sorting it out.', 'Perfect, that is exactly what I needed.'];
const FOLLOW_UPS_BAD = ['This is still not fixed and I am furious.', 'Honestly this is useless, nothing has changed.'];

export interface SeedOptions {
  count: number;
  /** Conversations start evenly spread over [from, from + days). */
  from: number;
  days: number;
  seed?: number;
  /** Parallel writers (PostgreSQL appends are round trips). */
  concurrency?: number;
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = random() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of weighted) if ((r -= w) <= 0) return value;
  const last = weighted.at(-1);
  if (!last) throw new Error('pick from nothing');
  return last[0];
}

/** One conversation's events, starting at `start`. */
export function scriptConversation(random: () => number, start: number, n: number): Stored[] {
  const events: Stored[] = [];
  let t = start;
  const opener = pick(
    random,
    OPENERS.map(([text, w]) => [text, w] as const),
  );
  // How likely it ends well depends on how it started (a broken gift rarely ends in delight).
  const odds = [0.6, 0.75, 0.92, 0.8, 0.55, 0.35][OPENERS.findIndex(([text]) => text === opener)] ?? 0.7;
  const c1 = `c${String(n)}a`;
  events.push({ type: 'text', id: c1, from: 'customer', text: opener, at: t, status: 'sent' } as Stored);
  // First reply: mostly within a couple of minutes, a long tail up to an hour.
  t += Math.round(3000 + random() ** 3 * 3_600_000);
  events.push({
    type: 'text',
    id: `a${String(n)}a`,
    from: 'agent',
    name: 'Ana',
    text: 'Hi, I am Ana. I am looking into this for you right now.',
    at: t,
    status: 'sent',
    tags: ['acknowledgment', 'action'],
  } as Stored);
  const echoId = `e${String(n)}`;
  if (random() < 0.85) {
    t += 4000;
    const echo = {
      type: 'echo',
      id: echoId,
      about: c1,
      text: 'It sounds like this has been a real hassle — did I get that right?',
      reflection: 'this has been a real hassle',
      state: 'proposed',
      at: t,
    } as Stored;
    events.push(echo);
    t += Math.round(5000 + random() * 30_000);
    events.push(
      random() < 0.78
        ? ({ ...echo, state: 'confirmed' } as Stored)
        : ({ ...echo, state: 'corrected', correction: 'Not quite: it is about the refund.' } as Stored),
    );
  }
  if (random() < 0.7) {
    t += 6000;
    const choice = {
      type: 'choice',
      id: `p${String(n)}`,
      prompt: 'What would help most?',
      options: [
        { id: 'refund', label: 'A refund' },
        { id: 'resend', label: 'Send it again' },
      ],
      at: t,
    } as Stored;
    events.push(choice);
    if (random() < 0.85) {
      t += Math.round(4000 + random() * 20_000);
      events.push({ ...choice, chosen: random() < 0.5 ? 'refund' : 'resend' } as Stored);
    }
  }
  if (random() < 0.18) {
    t += 10_000;
    events.push({
      type: 'handoff',
      id: `h${String(n)}`,
      state: 'requested',
      text: 'A person has been asked to join this conversation.',
      reason: 'requested',
      at: t,
    } as Stored);
    t += Math.round(30_000 + random() * 600_000);
    events.push({ type: 'handoff', id: `h${String(n)}`, state: 'connected', text: 'Sam joined the conversation.', agentName: 'Sam', at: t } as Stored);
  }
  const happy = random() < odds;
  t += Math.round(20_000 + random() * 300_000);
  events.push({
    type: 'text',
    id: `c${String(n)}b`,
    from: 'customer',
    text: happy ? (FOLLOW_UPS_GOOD[n % FOLLOW_UPS_GOOD.length] ?? '') : (FOLLOW_UPS_BAD[n % FOLLOW_UPS_BAD.length] ?? ''),
    at: t,
    status: 'sent',
  } as Stored);
  if (random() < 0.9) {
    t += Math.round(30_000 + random() ** 2 * 4 * 3_600_000);
    const resolved = happy || random() < 0.3;
    events.push({
      type: 'recap',
      id: `r${String(n)}`,
      at: t,
      understood: 'Your order had not arrived and you wanted it sorted.',
      done: ['Checked the shipment', resolved ? 'Sent a replacement' : 'Opened a claim with the carrier'],
      nextStep: { who: 'Ana', what: resolved ? 'emails the tracking number' : 'calls the carrier', ...(random() < 0.8 ? { when: 'by tomorrow noon' } : {}) },
      resolved,
      care: 'Thank you for your patience.',
    } as Stored);
    const csat = { type: 'csat', id: `s${String(n)}`, prompt: 'How did we do?', scale: 5, at: t + 1000 } as Stored;
    events.push(csat);
    if (random() < 0.65) {
      const score = Math.max(1, Math.min(5, Math.round((happy ? 4.3 : 2.2) + (random() - 0.5) * 2.4)));
      events.push({ ...csat, score } as Stored);
    }
  }
  return events;
}

/** Writes `count` conversations into `store`; returns their ids in start order. */
export async function seedConversations(store: ConversationStore, options: SeedOptions): Promise<string[]> {
  const random = seededRandom(options.seed ?? 16);
  const span = options.days * 24 * 3600_000;
  const scripts = Array.from({ length: options.count }, (_, n) => {
    const start = options.from + Math.floor((n / options.count) * span + random() * (span / options.count) * 0.9);
    return { id: `seed-${String(n).padStart(5, '0')}`, start, events: scriptConversation(random, start, n) };
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let s = scripts[next++]; s; s = scripts[next++]) {
      await store.create(s.id, s.start);
      for (const event of s.events) await store.append(s.id, { event });
      if (s.events.some((e) => e.type === 'recap')) await store.setState(s.id, 'closed');
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return scripts.map((s) => s.id);
}
