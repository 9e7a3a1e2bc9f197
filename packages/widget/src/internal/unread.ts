import type { Conversation, Message } from '@attune/core';

/** Messages that reach the customer: everything but their own text. */
export function incoming(messages: readonly Message[]): number {
  let n = 0;
  for (const m of messages) if (m.kind !== 'text' || m.from !== 'customer') n++;
  return n;
}

/**
 * Counts what arrived while the customer could not see it (the launcher panel closed).
 * A conversation's history when it is first shown is not unread; a greeting that arrives
 * while the panel is closed is.
 */
export class UnreadCounter {
  count = 0;
  #conversation: Conversation | undefined;
  #seen = 0;

  /** Returns true when `count` changed. */
  update(conversation: Conversation | undefined, arrived: number, visible: boolean): boolean {
    if (conversation !== this.#conversation) {
      this.#conversation = conversation;
      this.#seen = arrived;
    }
    if (visible) this.#seen = arrived;
    const next = Math.max(0, arrived - this.#seen);
    const changed = next !== this.count;
    this.count = next;
    return changed;
  }
}
