import { AttuneError } from './errors.js';
import { FEEDBACK_REASON_MAX, hasOptionCount, isMessageId } from './rules.js';
import type { ChoiceMessage, CsatMessage, EchoMessage, HandoffMessage, RecapMessage, TextMessage } from './types.js';

/** Version of the wire protocol spoken by this build. Every event carries it as `v`. */
export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------
// Client → server
// ---------------------------------------------------------------------------

/**
 * Events a client sends. Each carries a client-generated `id` so a retried event is
 * stored once by the server (for `message`, the id is the customer message's id).
 */
export type ClientEvent =
  | { v: 1; type: 'message'; id: string; text: string; at?: number }
  | { v: 1; type: 'echo.confirm'; id: string; echoId: string }
  | { v: 1; type: 'echo.correct'; id: string; echoId: string; text: string }
  | { v: 1; type: 'choose'; id: string; pickerId: string; optionId: string }
  | { v: 1; type: 'handoff.request'; id: string }
  | { v: 1; type: 'csat'; id: string; csatId?: string; score: number; comment?: string }
  | { v: 1; type: 'end'; id: string }
  /** v1.1: end the streaming reply `id` (the message's id; the server acks it with that id). */
  | { v: 1; type: 'stop'; id: string }
  /**
   * v1.1: the customer rates one agent or bot message; `value: null` clears it. A server
   * answers with the message again carrying `feedback` (or `feedback: null` once cleared).
   */
  | { v: 1; type: 'feedback'; id: string; messageId: string; value: 'up' | 'down' | null; reason?: string };

export type ClientEventType = ClientEvent['type'];

// ---------------------------------------------------------------------------
// Server → client
// ---------------------------------------------------------------------------

type Wire<T> = Omit<T, 'seq' | 'kind'>;

/**
 * Events a server sends. Message events (`text`, `echo`, `choice`, `recap`, `handoff`,
 * `csat`) upsert the message with that `id`: a later event with the same id updates it
 * (e.g. an echo becoming `confirmed`). `seq` increases monotonically per conversation;
 * a reconnecting client asks for everything after the last `seq` it saw.
 */
export type ServerEvent = { v: 1; seq?: number } & (
  | ({ type: 'text' } & Omit<Wire<TextMessage>, 'status' | 'streaming' | 'feedback'> & {
        status: WireTextStatus;
        /** v1.1: `null` clears earlier feedback. */ feedback?: TextMessage['feedback'] | null;
      })
  | ({ type: 'echo' } & Wire<EchoMessage>)
  | ({ type: 'choice' } & Wire<ChoiceMessage>)
  | ({ type: 'recap' } & Wire<RecapMessage>)
  | ({ type: 'handoff' } & Wire<HandoffMessage>)
  | ({ type: 'csat' } & Wire<CsatMessage>)
  | { type: 'typing'; on: boolean }
  /**
   * v1.1, transient (no `seq`): more text of the streaming reply `id`, starting at
   * character `offset`. A client appends only what extends its current text (`offset`
   * at or before its length, ending after it), so repeats and reorders are harmless and
   * the cumulative delta sent on reconnect (`offset: 0`) fills any gap.
   */
  | { type: 'delta'; id: string; offset: number; text: string }
  | { type: 'ack'; id: string }
  | { type: 'error'; code: string; message: string; /** The client event that was rejected, if any. */ id?: string }
);

export type ServerEventType = ServerEvent['type'];

/**
 * A text event's `status` on the wire: a delivery status, or (v1.1) `streaming` for the
 * seq'd event that opens a streamed reply; the final text closes it with `sent`.
 */
export type WireTextStatus = TextMessage['status'] | 'streaming';

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

type Check = (value: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v as string);
const opt =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const strings: Check = (v) => Array.isArray(v) && v.every(str);
const option: Check = (v) => isObject(v) && str(v.id) && str(v.label) && opt(str)(v.description);
const options: Check = (v) => hasOptionCount(v) && v.every(option);
const nextStep: Check = (v) => isObject(v) && str(v.who) && str(v.what) && opt(str)(v.when);
const recap: Check = (v) => isObject(v) && str(v.understood) && strings(v.done) && nextStep(v.nextStep) && bool(v.resolved) && str(v.care);
const id: Check = isMessageId;
const reason: Check = (v) => v === undefined || (typeof v === 'string' && v.length <= FEEDBACK_REASON_MAX);
const feedback: Check = (v) => v === undefined || v === null || (isObject(v) && oneOf('up', 'down')(v.value) && reason(v.reason));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Fields each event type must (or, wrapped in `opt`, may) carry; `at` is optional on the wire.
const message = { id, at: opt(num) };
const serverShapes: Record<ServerEventType, Record<string, Check>> = {
  text: {
    ...message,
    from: oneOf('customer', 'agent', 'system'),
    text: str,
    status: opt(oneOf('pending', 'sent', 'failed', 'streaming')),
    tags: opt(strings),
    name: opt(str),
    stopped: opt(bool),
    feedback,
    flags: opt(strings),
  },
  echo: { ...message, about: str, text: str, reflection: str, state: oneOf('proposed', 'confirmed', 'corrected'), correction: opt(str) },
  choice: { ...message, prompt: str, options, chosen: opt(str), purpose: opt(oneOf('flow', 'handoff')) },
  recap: { ...message, understood: str, done: strings, nextStep, resolved: bool, care: str, impact: opt(str) },
  handoff: {
    ...message,
    state: oneOf('offered', 'requested', 'waiting', 'connected', 'declined', 'ended'),
    text: str,
    agentName: opt(str),
    recap: opt(recap),
    reason: opt(oneOf('requested', 'negative-tone', 'corrections', 'abuse')),
  },
  csat: { ...message, prompt: str, scale: (v) => v === 5, score: opt(num), comment: opt(str) },
  typing: { on: bool },
  delta: { id, offset: (v) => Number.isInteger(v) && (v as number) >= 0, text: str },
  ack: { id },
  error: { code: str, message: str, id: opt(str) },
};

const clientShapes: Record<ClientEventType, Record<string, Check>> = {
  message: { id, text: str, at: opt(num) },
  'echo.confirm': { id, echoId: id },
  'echo.correct': { id, echoId: id, text: str },
  choose: { id, pickerId: id, optionId: str },
  'handoff.request': { id },
  csat: { id, csatId: opt(id), score: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5, comment: opt(str) },
  end: { id },
  stop: { id },
  feedback: { id, messageId: id, value: (v) => v === null || oneOf('up', 'down')(v), reason },
};

function parse(input: unknown, shapes: Record<string, Record<string, Check>>, extra: Record<string, Check>, what: string): unknown {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new AttuneError('protocol/invalid', `Invalid ${what}: not JSON`, { cause });
    }
  }
  const fail = (path: string, message: string, code: 'protocol/invalid' | 'protocol/version' = 'protocol/invalid'): never => {
    throw new AttuneError(code, `Invalid ${what}: ${path}: ${message}`, { details: [{ path, message }] });
  };
  if (!isObject(value)) return fail('', 'expected an object');
  if (value.v !== PROTOCOL_VERSION) fail('v', `expected protocol version ${PROTOCOL_VERSION}, got ${JSON.stringify(value.v)}`, 'protocol/version');
  const shape = typeof value.type === 'string' && Object.hasOwn(shapes, value.type) ? shapes[value.type] : undefined;
  if (!shape) return fail('type', `unknown event type ${JSON.stringify(value.type)}`);
  for (const checks of [extra, shape]) {
    for (const [key, check] of Object.entries(checks)) if (!check(value[key])) fail(key, value[key] === undefined ? 'is required' : 'has the wrong type');
  }
  return value;
}

const seq: Check = (v) => v === undefined || (Number.isInteger(v) && (v as number) >= 0);

/**
 * Validates a server event (a JSON string or a parsed value) and returns it typed.
 * Throws `AttuneError` `protocol/version` for another protocol version and
 * `protocol/invalid` (with `details`) for anything malformed.
 *
 * @example
 * const event = parseServerEvent('{"v":1,"seq":3,"type":"typing","on":true}');
 */
export function parseServerEvent(json: unknown): ServerEvent {
  return parse(json, serverShapes, { seq }, 'server event') as ServerEvent;
}

/** Validates a client event (a JSON string or a parsed value), e.g. on a server. Same errors as `parseServerEvent`. */
export function parseClientEvent(json: unknown): ClientEvent {
  return parse(json, clientShapes, {}, 'client event') as ClientEvent;
}
