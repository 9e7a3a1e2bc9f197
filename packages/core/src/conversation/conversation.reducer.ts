import type { AttuneError } from '../errors.js';
import type { ServerEvent } from '../protocol.js';
import type { ConversationSnapshot, ConversationStatus, Message, TextMessage, ToneSummary } from '../types.js';

/** Everything a conversation owns besides its outbox; replaced, never mutated. */
export interface ConversationState {
  readonly snapshot: ConversationSnapshot;
  /** Highest server `seq` applied. */
  readonly lastSeq: number;
}

type MessageEvent = Extract<ServerEvent, { type: Message['kind'] }>;

/** Every way the state can change. */
export type Action =
  | { type: 'restore'; messages: readonly Message[]; lastSeq: number; tone: ToneSummary | null }
  | { type: 'status'; status: ConversationStatus; error?: AttuneError | null }
  | { type: 'error'; error: AttuneError | null }
  | { type: 'receive'; event: ServerEvent; at: number }
  | { type: 'compose'; message: TextMessage; tone: ToneSummary | null }
  | { type: 'delivery'; id: string; status: TextMessage['status']; error?: TextMessage['error'] }
  | { type: 'patch'; id: string; patch: Readonly<Record<string, unknown>> };

/** The state of a fresh conversation. */
export function initialState(id: string): ConversationState {
  return { snapshot: { id, status: 'idle', messages: [], typing: false, tone: null, error: null }, lastSeq: 0 };
}

const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

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

function derive(prev: readonly Message[], next: readonly Message[], appended?: Message): readonly Message[] {
  const map = positions.get(prev);
  if (map) {
    if (appended) map.set(appended.id, next.length - 1);
    positions.set(next, map);
  }
  return next;
}

function withSnapshot(state: ConversationState, patch: Partial<ConversationSnapshot>, lastSeq = state.lastSeq): ConversationState {
  for (const key of Object.keys(patch) as (keyof ConversationSnapshot)[]) {
    if (patch[key] !== state.snapshot[key]) return { snapshot: { ...state.snapshot, ...patch }, lastSeq };
  }
  return lastSeq === state.lastSeq ? state : { snapshot: state.snapshot, lastSeq };
}

/** Replaces message `index` with `next` unless nothing changed. */
function replace(state: ConversationState, index: number, next: Message, lastSeq?: number): ConversationState {
  const prev = state.snapshot.messages[index]!;
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  let changed = false;
  for (const key of keys) if (!same((prev as unknown as Record<string, unknown>)[key], (next as unknown as Record<string, unknown>)[key])) changed = true;
  if (!changed) return withSnapshot(state, {}, lastSeq);
  const messages = state.snapshot.messages.slice();
  messages[index] = next;
  return withSnapshot(state, { messages: derive(state.snapshot.messages, messages) }, lastSeq);
}

/** Inserts a new server message in `seq` order (local messages without `seq` keep their place). */
function insert(state: ConversationState, message: Message, lastSeq: number): ConversationState {
  const list = state.snapshot.messages;
  let at = list.length;
  // Local messages (no seq yet) are stepped over, so a late event still lands before a later-seq one.
  for (let i = at - 1; message.seq !== undefined && i >= 0; i--) {
    const seq = list[i]!.seq;
    if (seq === undefined) continue;
    if (seq <= message.seq) break;
    at = i;
  }
  const messages = at === list.length ? derive(list, [...list, message], message) : [...list.slice(0, at), message, ...list.slice(at)];
  return withSnapshot(state, { messages }, lastSeq);
}

function toMessage(event: MessageEvent, at: number): Message {
  const { v: _v, type, ...rest } = event;
  const message = { ...rest, at: (rest as { at?: number }).at ?? at, kind: type } as Message;
  if (message.kind === 'text') {
    message.status ??= 'sent';
    if (message.status === 'sent') delete message.error;
  }
  return message;
}

function receive(state: ConversationState, event: ServerEvent, at: number): ConversationState {
  const lastSeq = event.seq !== undefined && event.seq > state.lastSeq ? event.seq : state.lastSeq;
  switch (event.type) {
    case 'typing':
      return withSnapshot(state, { typing: event.on }, lastSeq);
    case 'error':
      return withSnapshot(state, {}, lastSeq);
    case 'ack': {
      const index = indexOf(state.snapshot.messages, event.id);
      const message = state.snapshot.messages[index];
      if (message?.kind !== 'text' || message.status === 'sent') return withSnapshot(state, {}, lastSeq);
      const { error: _error, ...rest } = message;
      return replace(state, index, { ...rest, status: 'sent' }, lastSeq);
    }
    default: {
      const incoming = toMessage(event, at);
      const index = indexOf(state.snapshot.messages, incoming.id);
      if (index < 0) return insert(state, incoming, lastSeq);
      const prev = state.snapshot.messages[index]!;
      // An older version of a message never overwrites a newer one.
      if (prev.seq !== undefined && incoming.seq !== undefined && incoming.seq <= prev.seq) return withSnapshot(state, {}, lastSeq);
      let next = { ...prev, ...incoming, at: prev.at } as Message;
      // The customer's own settled choice survives a server that has not caught up yet.
      if (prev.kind === 'echo' && next.kind === 'echo' && next.state === 'proposed' && prev.state !== 'proposed') {
        next = { ...next, state: prev.state, ...(prev.correction === undefined ? {} : { correction: prev.correction }) };
      }
      if (next.kind === 'text' && next.status === 'sent') delete next.error;
      return replace(state, index, next, lastSeq);
    }
  }
}

/** The one reducer: pure, returns `state` itself when the action changes nothing. */
export function reduce(state: ConversationState, action: Action): ConversationState {
  switch (action.type) {
    case 'restore':
      return withSnapshot(state, { messages: action.messages, tone: action.tone }, Math.max(state.lastSeq, action.lastSeq));
    case 'status':
      return withSnapshot(state, action.error === undefined ? { status: action.status } : { status: action.status, error: action.error });
    case 'error':
      return withSnapshot(state, { error: action.error });
    case 'receive':
      return receive(state, action.event, action.at);
    case 'compose':
      return withSnapshot(state, { messages: derive(state.snapshot.messages, [...state.snapshot.messages, action.message], action.message), tone: action.tone ?? state.snapshot.tone });
    case 'delivery': {
      const index = indexOf(state.snapshot.messages, action.id);
      const message = state.snapshot.messages[index];
      if (message?.kind !== 'text') return state;
      const { error: _error, ...rest } = message;
      return replace(state, index, action.error ? { ...rest, status: action.status, error: action.error } : { ...rest, status: action.status });
    }
    case 'patch': {
      const index = indexOf(state.snapshot.messages, action.id);
      if (index < 0) return state;
      return replace(state, index, { ...state.snapshot.messages[index]!, ...action.patch } as Message);
    }
  }
}
