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
  return at === list.length ? derive(list, [...list, message], message) : [...list.slice(0, at), message, ...list.slice(at)];
}

function toMessage(event: MessageEvent, at: number): Message {
  const { v: _v, type, ...rest } = event;
  // `at` is required on the wire, but events replayed from stored transcripts may predate it.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  const message = { ...rest, at: rest.at ?? at, kind: type } as Message;
  if (message.kind === 'text') {
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

/** More text for a streaming reply: only what extends the text it has (see `delta` in the protocol). */
function applyDelta(messages: readonly Message[], event: Extract<ServerEvent, { type: 'delta' }>): readonly Message[] {
  const index = indexOf(messages, event.id);
  const message = messages[index];
  if (message?.kind !== 'text' || !message.streaming) return messages;
  const length = message.text.length;
  if (event.offset > length || event.offset + event.text.length <= length) return messages;
  return replaceAt(messages, index, { ...message, text: message.text + event.text.slice(length - event.offset) });
}

/**
 * The one fold of a server event into a transcript, shared by the conversation, the
 * in-page agent and servers: message events upsert by `id` (in `seq` order; an older
 * version never overwrites a newer one; the customer's own settled echo survives a
 * server that has not caught up); `ack` marks a customer message sent; `typing` and
 * `error` leave the messages alone; a `delta` (v1.1) grows a streaming text. Pure: returns `messages` itself when nothing changed.
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
      if (!prev) return insert(messages, incoming);
      if (prev.seq !== undefined && incoming.seq !== undefined && incoming.seq <= prev.seq) return messages;
      let next = { ...prev, ...incoming, at: prev.at };
      if (prev.kind === 'echo' && next.kind === 'echo' && next.state === 'proposed' && prev.state !== 'proposed') {
        next = { ...next, state: prev.state, ...(prev.correction === undefined ? {} : { correction: prev.correction }) };
      }
      if (next.kind === 'text') {
        if (next.status === 'sent') delete next.error;
        if (incoming.kind === 'text' && !incoming.streaming) delete next.streaming;
        // A replayed start never takes back text the deltas already brought.
        if (prev.kind === 'text' && prev.streaming && incoming.kind === 'text' && incoming.streaming && prev.text.startsWith(incoming.text)) next.text = prev.text;
      }
      return replaceAt(messages, index, next);
    }
  }
}
