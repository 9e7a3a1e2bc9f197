import type { ServerEvent } from '../protocol.js';
import type { Message, TextMessage } from '../types.js';

type MessageEvent = Extract<ServerEvent, { type: Message['kind'] }>;

// Position of each id, memoised per messages array. Appends and in-place replacements
// share their parent's map (positions do not move); anything else rebuilds it lazily.
// A shared map may know ids a shorter array lacks, so every hit is checked.
const positions = new WeakMap<readonly Message[], Map<string, number>>();

/** The message's position, or -1. */
export function indexOf(messages: readonly Message[], id: string): number {
  let map = positions.get(messages);
  if (!map) {
    map = new Map(messages.map((m, i) => [m.id, i]));
    positions.set(messages, map);
  }
  const i = map.get(id);
  return i !== undefined && messages[i]?.id === id ? i : -1;
}

// Transcripts only their conversation's store holds (see `own`): appending to one may grow it
// in place instead of copying it, which makes a burst of n incoming messages O(n), not O(n²).
const owned = new WeakSet<readonly Message[]>();

/**
 * Marks `messages` as held by one store and seen by nobody else: `applyServerEvent` may then
 * append to it in place (returning the same, longer array). The store calls `release` before
 * anyone else sees it, so every array a reader ever got stays as it was.
 */
export function own(messages: readonly Message[]): void {
  owned.add(messages);
}

/** `messages` is about to be seen outside its store: from now on it never changes. */
export function release(messages: readonly Message[]): void {
  owned.delete(messages);
}

/** Lets `next` (a copy of `prev` with one message replaced or appended) reuse `prev`'s index. */
export function derive(prev: readonly Message[], next: readonly Message[], appended?: Message): readonly Message[] {
  const map = positions.get(prev);
  if (map) {
    if (appended) map.set(appended.id, next.length - 1);
    positions.set(next, map);
  }
  return next;
}

const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** `messages` with message `index` replaced by `next`, or `messages` itself when nothing changed. */
export function replaceAt(messages: readonly Message[], index: number, next: Message): readonly Message[] {
  const prev = messages[index];
  if (!prev) return messages;
  const a = prev as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].some((key) => !same(a[key], b[key]));
  if (!changed) return messages;
  const copy = messages.slice();
  copy[index] = next;
  return derive(messages, copy);
}

/** Inserts a new server message in `seq` order (local messages without `seq` keep their place). */
function insert(list: readonly Message[], message: Message): readonly Message[] {
  let at = list.length;
  // Local messages (no seq yet) are stepped over, so a late event still lands before a later-seq one.
  for (let i = at - 1; message.seq !== undefined && i >= 0; i--) {
    const seq = list[i]?.seq;
    if (seq === undefined) continue;
    if (seq <= message.seq) break;
    at = i;
  }
  if (at < list.length) return [...list.slice(0, at), message, ...list.slice(at)];
  if (owned.has(list)) {
    (list as Message[]).push(message);
    positions.get(list)?.set(message.id, at);
    return list;
  }
  return derive(list, [...list, message], message);
}

/** The list with message `index` placed where a message of `seq` is inserted; the list itself when that is where it is. */
function moveToSeq(list: readonly Message[], index: number, seq: number): readonly Message[] {
  const message = list[index];
  if (!message) return list;
  const rest = [...list.slice(0, index), ...list.slice(index + 1)];
  let at = rest.length;
  for (let i = at - 1; i >= 0; i--) {
    const other = rest[i]?.seq;
    if (other === undefined) continue;
    if (other <= seq) break;
    at = i;
  }
  return at === index ? list : [...rest.slice(0, at), message, ...rest.slice(at)];
}

function toMessage(event: MessageEvent, at: number): Message {
  const { v: _v, type, ...rest } = event;
  // `at` is required on the wire, but events replayed from stored transcripts may predate it.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  const message = { ...rest, at: rest.at ?? at, kind: type } as Message;
  if (message.kind === 'text') {
    // Only the guardrails set it, from the text a server sent.
    delete message.rawText;
    // v1.1: `status: 'streaming'` opens a streamed reply; in the transcript it is a sent
    // message with `streaming: true` until the final text arrives.
    if ((message.status as string) === 'streaming') {
      message.status = 'sent';
      message.streaming = true;
    } else delete message.streaming;
    // A server may mark a stopped reply with the tag `stopped` (or `stopped: true`).
    const tags = message.tags as readonly string[] | undefined;
    if (tags?.includes('stopped')) {
      message.stopped = true;
      const rest = tags.filter((t) => t !== 'stopped') as TextMessage['tags'] & object;
      if (rest.length) message.tags = rest;
      else delete message.tags;
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- as `at` above: old stored events
    message.status ??= 'sent';
    if (message.status === 'sent') delete message.error;
  }
  return message;
}

/** v1.1: `feedback: null` on the wire clears the message's feedback; the snapshot then has no `feedback` key. */
function withoutCleared(message: Message): Message {
  if (message.kind !== 'text' || (message.feedback as unknown) !== null) return message;
  const { feedback: _cleared, ...rest } = message;
  return rest;
}

/** More text for a streaming reply: only what extends the text it has (see `delta` in the protocol). */
function applyDelta(messages: readonly Message[], event: Extract<ServerEvent, { type: 'delta' }>): readonly Message[] {
  const index = indexOf(messages, event.id);
  const message = messages[index];
  if (message?.kind !== 'text' || !message.streaming) return messages;
  // Offsets count in the text the server sent, not in what the guardrails show of it.
  const { rawText, ...rest } = message;
  const raw = rawText ?? message.text;
  const length = raw.length;
  if (event.offset > length || event.offset + event.text.length <= length) return messages;
  return replaceAt(messages, index, { ...rest, text: raw + event.text.slice(length - event.offset) });
}

/**
 * The one fold of a server event into a transcript, shared by the conversation, the
 * in-page agent and servers: message events upsert by `id` (in `seq` order; an older
 * version never overwrites a newer one; the customer's own settled echo survives a
 * server that has not caught up); `ack` marks a customer message sent; `typing` and
 * `error` leave the messages alone; a `delta` (v1.1) grows a streaming text. Pure: returns `messages` itself when nothing changed
 * (the one exception is internal: an array a store marked with `own` may grow in place).
 * The event must already be valid (see `parseServerEvent`).
 *
 * @example
 * let messages: readonly Message[] = [];
 * messages = applyServerEvent(messages, { v: 1, seq: 1, type: 'text', id: 'a1', from: 'agent', text: 'Hi!' });
 */
export function applyServerEvent(messages: readonly Message[], event: ServerEvent, at: number = Date.now()): readonly Message[] {
  switch (event.type) {
    case 'typing':
    case 'error':
      return messages;
    case 'delta':
      return applyDelta(messages, event);
    case 'ack': {
      const index = indexOf(messages, event.id);
      const message = messages[index];
      if (message?.kind !== 'text' || message.status === 'sent') return messages;
      const { error: _error, ...rest } = message;
      return replaceAt(messages, index, { ...rest, status: 'sent' });
    }
    default: {
      const incoming = toMessage(event, at);
      const index = indexOf(messages, incoming.id);
      const prev = messages[index];
      if (!prev) return insert(messages, withoutCleared(incoming));
      if (prev.seq !== undefined && incoming.seq !== undefined && incoming.seq <= prev.seq) {
        // An older event never changes a message. One kind still says something: a streamed
        // reply's start that arrives after its final text (a replay racing a reconnect) marks
        // where the reply began, so the reply moves above what was written while it streamed.
        return incoming.kind === 'text' && incoming.streaming && incoming.seq < prev.seq ? moveToSeq(messages, index, incoming.seq) : messages;
      }
      let next = { ...prev, ...incoming, at: prev.at };
      if (prev.kind === 'echo' && next.kind === 'echo' && next.state === 'proposed' && prev.state !== 'proposed') {
        next = { ...next, state: prev.state, ...(prev.correction === undefined ? {} : { correction: prev.correction }) };
      }
      if (next.kind === 'text') {
        if (next.status === 'sent') delete next.error;
        if (incoming.kind === 'text' && !incoming.streaming) delete next.streaming;
        // A replayed start never takes back text the deltas already brought.
        if (prev.kind === 'text' && prev.streaming && incoming.kind === 'text' && incoming.streaming && prev.text.startsWith(incoming.text))
          next.text = prev.text;
      }
      return replaceAt(messages, index, withoutCleared(next));
    }
  }
}
