import { AttuneError, validationError } from '../errors.js';
import type { AttuneErrorDetail } from '../errors.js';
import { parseFeedbackEvent } from '../feedback/feedback.js';
import type { FeedbackValue } from '../feedback/feedback.js';
import { parseClientEvent, parseServerEvent } from '../protocol.js';
import type { ClientEvent, ServerEvent } from '../protocol.js';
import type { ChoiceMessage, HandoffReason, HandoffState, Message } from '../types.js';
import type { SummaryInput } from './summary.types.js';

/** A conversation as the summary reads it: messages in transcript order plus what messages cannot show. */
export interface Timeline {
  id: string;
  closed: boolean;
  messages: readonly Message[];
  /** When each message first appeared (an upsert, e.g. an echo being confirmed, does not move it). */
  firstAt: ReadonlyMap<string, number>;
  /** Every handoff state seen, in order (a server may move one message through several). */
  handoffStates: readonly { id: string; state: HandoffState; at: number; reason: HandoffReason | null }[];
  /** The customer asked for a person (`handoff.request`, or analytics `handoffTaken`). */
  handoffRequests: readonly { at: number; messageId: string | null }[];
  feedback: readonly { messageId: string; value: FeedbackValue }[];
}

const SERVER_MESSAGE_TYPES = new Set(['text', 'echo', 'choice', 'recap', 'handoff', 'csat']);
const SERVER_TYPES = new Set([...SERVER_MESSAGE_TYPES, 'typing', 'ack', 'error']);
const CLIENT_TYPES = new Set(['message', 'echo.confirm', 'echo.correct', 'choose', 'handoff.request', 'csat', 'end']);
const KINDS = new Set(['text', 'echo', 'choice', 'recap', 'handoff', 'csat']);

/** `Array.prototype.findLast` is ES2023; the library targets ES2022. */
function lastOf<T>(list: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i];
    if (item !== undefined && test(item)) return item;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function invalid(summary: string, details: AttuneErrorDetail[]): AttuneError {
  return validationError('input/invalid', summary, details);
}

/** Re-labels a wire validation error with the event's index, e.g. `[3].text`. */
function atIndex(error: unknown, index: number): AttuneError {
  const detail = error instanceof AttuneError ? error.details[0] : undefined;
  const path = `[${String(index)}]${detail?.path ? `.${detail.path}` : ''}`;
  return invalid('Invalid event in the log', [{ path, message: detail?.message ?? 'is invalid' }]);
}

class Builder {
  readonly messages: Message[] = [];
  readonly index = new Map<string, number>();
  readonly firstAt = new Map<string, number>();
  readonly handoffStates: { id: string; state: HandoffState; at: number; reason: HandoffReason | null }[] = [];
  readonly handoffRequests: { at: number; messageId: string | null }[] = [];
  /** The latest thumbs per message (`null`: cleared): changing one's mind counts once. */
  readonly feedbackBy = new Map<string, FeedbackValue | null>();
  closed = false;
  id = '';
  /** The latest time seen: events without `at` happened no earlier than it. */
  clock = 0;

  get(id: string): Message | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.messages[i];
  }

  upsert(message: Message): void {
    // A text carrying `feedback` (a snapshot, or a server's answer to a `feedback` event; `null` once cleared).
    if (message.kind === 'text' && 'feedback' in message) {
      const given = message.feedback as { value: FeedbackValue } | null | undefined;
      this.feedbackBy.set(message.id, given?.value ?? null);
    }
    const i = this.index.get(message.id);
    if (i === undefined) {
      this.index.set(message.id, this.messages.length);
      this.messages.push(message);
      this.firstAt.set(message.id, message.at);
    } else this.messages[i] = message;
    if (message.kind === 'handoff') {
      const last = lastOf(this.handoffStates, (h) => h.id === message.id);
      if (last?.state !== message.state) this.handoffStates.push({ id: message.id, state: message.state, at: message.at, reason: message.reason ?? null });
    }
  }

  update<TKind extends Message['kind']>(id: string, kind: TKind, change: (m: Extract<Message, { kind: TKind }>) => Message): boolean {
    const m = this.get(id);
    if (m?.kind !== kind) return false;
    this.upsert(change(m as Extract<Message, { kind: TKind }>));
    return true;
  }

  tick(at: number | undefined): number {
    if (at !== undefined) this.clock = Math.max(this.clock, at);
    return at ?? this.clock;
  }

  server(event: ServerEvent): void {
    if (!SERVER_MESSAGE_TYPES.has(event.type)) {
      this.tick(undefined);
      return;
    }
    const { v: _v, seq: _seq, type, ...rest } = event as ServerEvent & { at?: number };
    const at = this.tick(rest.at);
    const base = { ...rest, kind: type, at } as unknown as Message;
    const message = base.kind === 'text' && !('status' in rest) ? { ...base, status: 'sent' as const } : base;
    this.upsert(message);
  }

  client(event: ClientEvent & { at?: number }): void {
    const at = this.tick(event.at);
    switch (event.type) {
      case 'message':
        if (!this.get(event.id)) this.upsert({ kind: 'text', id: event.id, from: 'customer', text: event.text, at, status: 'sent' });
        return;
      case 'echo.confirm':
        this.update(event.echoId, 'echo', (m) => (m.state === 'proposed' ? { ...m, state: 'confirmed' } : m));
        return;
      case 'echo.correct':
        this.update(event.echoId, 'echo', (m) =>
          m.state === 'proposed' ? { ...m, state: 'corrected', ...(event.text ? { correction: event.text } : {}) } : m,
        );
        return;
      case 'choose':
        this.update(event.pickerId, 'choice', (m) => (m.chosen ? m : { ...m, chosen: event.optionId }));
        return;
      case 'handoff.request':
        this.handoffRequests.push({ at, messageId: null });
        return;
      case 'csat': {
        const target = event.csatId ?? lastOf(this.messages, (m) => m.kind === 'csat')?.id;
        const rated = (m: Extract<Message, { kind: 'csat' }>): Message => ({ ...m, score: event.score, ...(event.comment ? { comment: event.comment } : {}) });
        if (!target || !this.update(target, 'csat', rated)) {
          this.upsert({
            kind: 'csat',
            id: target ?? `csat:${String(at)}`,
            at,
            prompt: '',
            scale: 5,
            score: event.score,
            ...(event.comment ? { comment: event.comment } : {}),
          });
        }
        return;
      }
      case 'end':
        this.closed = true;
        return;
    }
  }

  /** Analytics events add what they know; a message they mention but the log lacks gets a stand-in. */
  analytics(event: Record<string, unknown>, index: number): void {
    const at = this.tick(num(event.at));
    const str = (key: string): string => {
      const v = event[key];
      if (typeof v !== 'string' || v === '')
        throw invalid('Invalid event in the log', [{ path: `[${String(index)}].${key}`, message: 'must be a non-empty string' }]);
      return v;
    };
    const reason = (v: unknown): HandoffReason | null => (v === 'requested' || v === 'negative-tone' || v === 'corrections' || v === 'abuse' ? v : null);
    switch (event.type) {
      case 'messageSent': {
        const id = str('messageId');
        if (!this.get(id)) this.upsert({ kind: 'text', id, from: 'customer', text: '', at, status: 'sent' });
        return;
      }
      case 'echoShown': {
        const id = str('echoId');
        if (!this.get(id)) this.upsert({ kind: 'echo', id, about: str('about'), text: '', reflection: '', state: 'proposed', at });
        return;
      }
      case 'echoConfirmed':
        this.update(str('echoId'), 'echo', (m) => ({ ...m, state: 'confirmed' }));
        return;
      case 'echoCorrected':
        this.update(str('echoId'), 'echo', (m) => ({ ...m, state: 'corrected', ...(typeof event.text === 'string' ? { correction: event.text } : {}) }));
        return;
      case 'apologyUsed': {
        const id = str('messageId');
        if (!this.get(id)) this.upsert({ kind: 'text', id, from: 'agent', text: '', at, status: 'sent', tags: ['apology'] });
        return;
      }
      case 'handoffOffered': {
        const id = str('messageId');
        const why = reason(event.reason);
        if (!this.update(id, 'choice', (m) => (why && !m.reason ? { ...m, reason: why } : m))) {
          const offer: ChoiceMessage = {
            kind: 'choice',
            id,
            at,
            prompt: '',
            purpose: 'handoff',
            options: [
              { id: 'human', label: '' },
              { id: 'continue', label: '' },
            ],
            ...(why ? { reason: why } : {}),
          };
          if (!this.get(id)) this.upsert(offer);
        }
        return;
      }
      case 'optionChosen': {
        const pickerId = str('pickerId');
        const optionId = str('optionId');
        if (!this.update(pickerId, 'choice', (m) => (m.chosen ? m : { ...m, chosen: optionId }))) {
          this.upsert({
            kind: 'choice',
            id: pickerId,
            at,
            prompt: '',
            options: [
              { id: optionId, label: typeof event.label === 'string' ? event.label : '' },
              { id: '', label: '' },
            ],
            chosen: optionId,
          });
        }
        return;
      }
      case 'handoffTaken':
        this.handoffRequests.push({ at, messageId: typeof event.messageId === 'string' ? event.messageId : null });
        return;
      case 'recapShown': {
        const id = str('recapId');
        if (!this.get(id))
          this.upsert({ kind: 'recap', id, at, understood: '', done: [], nextStep: { who: '', what: '' }, resolved: event.resolved === true, care: '' });
        return;
      }
      case 'csatGiven': {
        const score = num(event.score);
        if (score === undefined) throw invalid('Invalid event in the log', [{ path: `[${String(index)}].score`, message: 'must be a number' }]);
        const comment = typeof event.comment === 'string' && event.comment ? { comment: event.comment } : {};
        const target = typeof event.csatId === 'string' ? event.csatId : lastOf(this.messages, (m) => m.kind === 'csat')?.id;
        if (!target || !this.update(target, 'csat', (m) => ({ ...m, score, ...comment }))) {
          this.upsert({ kind: 'csat', id: target ?? `csat:${String(at)}`, at, prompt: '', scale: 5, score, ...comment });
        }
        return;
      }
      default:
        // messageFailed, error, warning and types from newer versions carry no evidence.
        return;
    }
  }
}

function fromEvents(events: readonly unknown[]): Builder {
  const b = new Builder();
  events.forEach((raw, i) => {
    if (!isObject(raw) || typeof raw.type !== 'string')
      throw invalid('Invalid event in the log', [{ path: `[${String(i)}]`, message: 'expected an event object with a "type"' }]);
    if (typeof raw.conversationId === 'string' && !b.id) b.id = raw.conversationId;
    if (raw.v === undefined) {
      b.analytics(raw, i);
      return;
    }
    const type = raw.type;
    try {
      if (type === 'feedback') {
        const f = parseFeedbackEvent(raw);
        b.tick(f.at);
        b.feedbackBy.set(f.messageId, f.value);
      } else if (type === 'csat' ? !('prompt' in raw) : CLIENT_TYPES.has(type)) b.client(parseClientEvent(raw));
      else if (SERVER_TYPES.has(type)) b.server(parseServerEvent(raw));
      // Other types (stop, delta, future ones) carry no evidence.
    } catch (error) {
      throw atIndex(error, i);
    }
  });
  return b;
}

function fromMessages(messages: readonly unknown[]): Builder {
  const b = new Builder();
  messages.forEach((m, i) => {
    if (!isObject(m) || typeof m.id !== 'string' || typeof m.kind !== 'string') {
      throw invalid('Invalid transcript', [{ path: `messages[${String(i)}]`, message: 'expected a message with a string "id" and "kind"' }]);
    }
    if (!KINDS.has(m.kind)) return;
    const at = num(m.at);
    if (at === undefined) throw invalid('Invalid transcript', [{ path: `messages[${String(i)}].at`, message: 'must be a time in epoch milliseconds' }]);
    b.tick(at);
    b.upsert(m as unknown as Message);
  });
  return b;
}

/** Reads a snapshot, a stored transcript or an event log into one timeline; throws `input/invalid` on malformed input. */
export function toTimeline(input: SummaryInput, id?: string): Timeline {
  let b: Builder;
  if (Array.isArray(input)) b = fromEvents(input);
  else if (isObject(input) && Array.isArray(input.messages)) {
    b = fromMessages(input.messages);
    if (typeof input.id === 'string') b.id = input.id;
    if (input.status === 'closed') b.closed = true;
  } else throw invalid('Invalid conversation', [{ path: '', message: 'expected a snapshot (with "messages") or an array of events' }]);
  return {
    id: id ?? b.id,
    closed: b.closed,
    messages: b.messages,
    firstAt: b.firstAt,
    handoffStates: b.handoffStates,
    handoffRequests: b.handoffRequests,
    feedback: [...b.feedbackBy].flatMap(([messageId, value]) => (value ? [{ messageId, value }] : [])),
  };
}
