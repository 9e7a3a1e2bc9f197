import type { AttuneError } from '../errors.js';
import type { ServerEvent } from '../protocol.js';
import type { ConversationSnapshot, ConversationStatus, EchoState, Message, MessageFeedback, TextMessage, ToneSummary } from '../types.js';
import { applyServerEvent, derive, indexOf, replaceAt } from './apply-server-event.js';

export { indexOf };

/** Everything a conversation owns besides its outbox; replaced, never mutated. */
export interface ConversationState {
  readonly snapshot: ConversationSnapshot;
  /** Highest server `seq` applied. */
  readonly lastSeq: number;
}

/** What happened: every way the state can change, each saying what changes. */
export type Action =
  | { type: 'restored'; messages: readonly Message[]; lastSeq: number; tone: ToneSummary | null }
  | { type: 'statusChanged'; status: ConversationStatus; error?: AttuneError | null }
  | { type: 'failed'; error: AttuneError | null }
  | { type: 'received'; event: ServerEvent; at: number }
  | { type: 'composed'; message: TextMessage; tone: ToneSummary | null }
  | { type: 'deliveryChanged'; id: string; status: TextMessage['status']; error?: TextMessage['error'] }
  | { type: 'echoSettled'; id: string; state: Exclude<EchoState, 'proposed'>; correction?: string }
  | { type: 'optionChosen'; id: string; optionId: string }
  | { type: 'rated'; id: string; score: number; comment?: string }
  /** The customer's thumbs on an agent line; `null` clears it. */
  | { type: 'feedbackGiven'; id: string; feedback: MessageFeedback | null }
  /** The customer stopped a streaming reply: it keeps the text that arrived. */
  | { type: 'streamStopped'; id: string }
  /** A streaming reply stopped arriving (its server died): it shows as failed. */
  | { type: 'streamInterrupted'; id: string; error: NonNullable<TextMessage['error']> }
  | { type: 'toneRead'; tone: ToneSummary }
  /** The guardrails decided what of an agent's text (`raw`) is shown. */
  | { type: 'guarded'; id: string; text: string; raw: string };

/** The state of a fresh conversation. */
export function initialState(id: string): ConversationState {
  return { snapshot: { id, status: 'idle', messages: [], typing: false, tone: null, error: null }, lastSeq: 0 };
}

function withSnapshot(state: ConversationState, patch: Partial<ConversationSnapshot>, lastSeq = state.lastSeq): ConversationState {
  for (const key of Object.keys(patch) as (keyof ConversationSnapshot)[]) {
    if (patch[key] !== state.snapshot[key]) return { snapshot: { ...state.snapshot, ...patch }, lastSeq };
  }
  return lastSeq === state.lastSeq ? state : { snapshot: state.snapshot, lastSeq };
}

function received(state: ConversationState, event: ServerEvent, at: number): ConversationState {
  const lastSeq = event.seq !== undefined && event.seq > state.lastSeq ? event.seq : state.lastSeq;
  if (event.type === 'typing') return withSnapshot(state, { typing: event.on }, lastSeq);
  const before = state.snapshot.messages.length;
  const messages = applyServerEvent(state.snapshot.messages, event, at);
  // An array the store owns grew in place: same array, new snapshot.
  if (messages === state.snapshot.messages && messages.length !== before) return { snapshot: { ...state.snapshot, messages }, lastSeq };
  return withSnapshot(state, { messages }, lastSeq);
}

/** Replaces the message `id` by `next(message)` when it is of `kind`. */
function update<K extends Message['kind']>(
  state: ConversationState,
  id: string,
  kind: K,
  next: (message: Extract<Message, { kind: K }>) => Message,
): ConversationState {
  const index = indexOf(state.snapshot.messages, id);
  const message = state.snapshot.messages[index];
  if (message?.kind !== kind) return state;
  return withSnapshot(state, { messages: replaceAt(state.snapshot.messages, index, next(message as Extract<Message, { kind: K }>)) });
}

/** The one reducer: pure, returns `state` itself when the action changes nothing. */
export function reduce(state: ConversationState, action: Action): ConversationState {
  switch (action.type) {
    case 'restored':
      return withSnapshot(state, { messages: action.messages, tone: action.tone }, Math.max(state.lastSeq, action.lastSeq));
    case 'statusChanged':
      return withSnapshot(state, action.error === undefined ? { status: action.status } : { status: action.status, error: action.error });
    case 'failed':
      return withSnapshot(state, { error: action.error });
    case 'received':
      return received(state, action.event, action.at);
    case 'composed':
      return withSnapshot(state, {
        messages: derive(state.snapshot.messages, [...state.snapshot.messages, action.message], action.message),
        tone: action.tone ?? state.snapshot.tone,
      });
    case 'deliveryChanged':
      return update(state, action.id, 'text', ({ error: _error, ...rest }) =>
        action.error ? { ...rest, status: action.status, error: action.error } : { ...rest, status: action.status },
      );
    case 'echoSettled':
      return update(state, action.id, 'echo', (echo) => ({ ...echo, state: action.state, ...(action.correction ? { correction: action.correction } : {}) }));
    case 'optionChosen':
      return update(state, action.id, 'choice', (choice) => ({ ...choice, chosen: action.optionId }));
    case 'streamStopped':
      return update(state, action.id, 'text', ({ streaming, ...rest }) => (streaming ? { ...rest, stopped: true } : rest));
    case 'streamInterrupted':
      return update(state, action.id, 'text', ({ streaming, ...rest }) => (streaming ? { ...rest, status: 'failed', error: action.error } : rest));
    case 'guarded':
      return update(state, action.id, 'text', ({ rawText: _raw, ...rest }) =>
        action.text === action.raw ? { ...rest, text: action.raw } : { ...rest, text: action.text, rawText: action.raw },
      );
    case 'toneRead':
      return withSnapshot(state, { tone: action.tone });
    case 'feedbackGiven':
      return update(state, action.id, 'text', ({ feedback: _old, ...rest }) => (action.feedback ? { ...rest, feedback: action.feedback } : rest));
    case 'rated':
      return update(state, action.id, 'csat', (csat) => ({ ...csat, score: action.score, ...(action.comment ? { comment: action.comment } : {}) }));
  }
}
