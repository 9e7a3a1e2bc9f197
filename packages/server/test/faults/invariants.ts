import type { ServerEvent } from '@attune/core';
import type { Message, TextMessage } from '../../../core/src/types.js';

/** What the client and the server ended up with after a run, and what the client was promised. */
export interface RunOutcome {
  /** Ids `send()` returned, in call order: each was accepted and must be stored. */
  accepted: readonly string[];
  /** The server's stored event log. */
  serverLog: readonly ServerEvent[];
  /** The client's final snapshot messages. */
  clientMessages: readonly Message[];
}

const MESSAGE_TYPES = new Set(['text', 'echo', 'choice', 'recap', 'handoff', 'csat']);

/**
 * The reliability invariants; returns one line per violation (empty when all hold):
 * every accepted customer message is stored exactly once, in order, with its text; and
 * every server message reaches the client exactly once, in `seq` order, at its latest
 * version, with every customer message shown as `sent`.
 */
export function checkInvariants(outcome: RunOutcome): string[] {
  const violations: string[] = [];
  const { accepted, serverLog, clientMessages } = outcome;

  // --- server side: customer messages exactly once, in order ----------------------
  const stored = serverLog.filter((e): e is Extract<ServerEvent, { type: 'text' }> => e.type === 'text' && e.from === 'customer');
  const storedIds = stored.map((e) => e.id);
  const counts = new Map<string, number>();
  for (const id of storedIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [id, n] of counts) if (n > 1) violations.push(`server stored customer message ${id} ${n} times`);
  const acceptedSet = new Set(accepted);
  for (const id of accepted) if (!counts.has(id)) violations.push(`server lost accepted customer message ${id}`);
  for (const id of counts.keys()) if (!acceptedSet.has(id)) violations.push(`server stored customer message ${id} that the client never accepted`);
  const storedOrder = storedIds.filter((id) => acceptedSet.has(id));
  const acceptedStored = accepted.filter((id) => counts.has(id));
  if (storedOrder.join() !== acceptedStored.join())
    violations.push(`server order differs from send order: ${storedOrder.join(' ')} vs ${acceptedStored.join(' ')}`);
  const sentText = new Map<string, string>();
  for (const e of stored) sentText.set(e.id, e.text);

  // --- the server's messages: latest version and first seq of each id ----------------
  const latest = new Map<string, ServerEvent & { id: string }>();
  const firstSeq = new Map<string, number>();
  for (const e of serverLog) {
    if (!MESSAGE_TYPES.has(e.type)) continue;
    const m = e as ServerEvent & { id: string };
    latest.set(m.id, m);
    if (!firstSeq.has(m.id)) firstSeq.set(m.id, m.seq ?? 0);
  }
  const seqs = serverLog.map((e) => e.seq ?? 0);
  for (let i = 0; i < seqs.length; i++) if (seqs[i] !== i + 1) violations.push(`server log seq ${seqs[i]} at position ${i + 1}`);

  // --- client side ----------------------------------------------------------------
  const seen = new Map<string, number>();
  for (const m of clientMessages) seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
  for (const [id, n] of seen) if (n > 1) violations.push(`client shows message ${id} ${n} times`);
  for (const [id, event] of latest) {
    const shown = clientMessages.find((m) => m.id === id);
    if (!shown) {
      violations.push(`client never got server message ${id} (${event.type}, seq ${event.seq})`);
      continue;
    }
    if (shown.seq !== event.seq) violations.push(`client shows ${id} at seq ${String(shown.seq)}, the server's latest is seq ${event.seq}`);
    // A server text (a streamed reply's final text included) reads exactly as stored: no
    // delta lost, repeated or applied out of place.
    if (event.type === 'text' && event.from !== 'customer' && event.status !== 'streaming' && shown.kind === 'text') {
      if (shown.text !== event.text)
        violations.push(`client shows ${id} as ${JSON.stringify(shown.text.slice(0, 80))}…, the server stored ${JSON.stringify(event.text.slice(0, 80))}…`);
      if (shown.streaming) violations.push(`client still shows ${id} streaming after its final text`);
    }
  }
  for (const m of clientMessages) if (!latest.has(m.id)) violations.push(`client shows message ${m.id} the server does not have`);

  const customers = clientMessages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'customer');
  if (customers.map((m) => m.id).join() !== accepted.join()) violations.push('client customer messages differ from the accepted ones, or their order');
  for (const m of customers) {
    if (m.status !== 'sent') violations.push(`client shows customer message ${m.id} as ${m.status}`);
    if (sentText.has(m.id) && sentText.get(m.id) !== m.text) violations.push(`customer message ${m.id} text differs between client and server`);
  }
  // Messages that came from the server (not typed here) appear in the order the server created them.
  const others = clientMessages.filter((m) => !(m.kind === 'text' && m.from === 'customer')).map((m) => firstSeq.get(m.id) ?? -1);
  for (let i = 1; i < others.length; i++)
    if (others[i]! < others[i - 1]!) violations.push(`client shows server messages out of seq order (${others[i - 1]} before ${others[i]})`);
  return violations;
}
