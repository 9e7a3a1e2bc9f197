// The part both AI transports share (`@attune/core/ai-sdk`, `@attune/core/ag-ui`): it plays
// the server's role for the conversation (acks, seq'd events, streamed text through the v1.1
// streaming model) while a dialect turns one backend protocol into calls on a `Run`.
import { AttuneError, isAttuneError } from '../errors.js';
import type { Transport, TransportContext } from '../conversation.types.js';
import { parseServerEvent, type ClientEvent, type ServerEvent } from '../protocol.js';
import { hasOptionCount, isMessageId } from '../rules.js';
import { createId } from '../internal/ids.js';
import type { RecapData, ToneSummary } from '../types.js';
import { createSseParser } from './sse-parser.js';

/** Reads the tone of a customer message, e.g. `detectTone` from `@attune/core` (sync or async). */
export type ToneAnalyser = (text: string) => ToneSummary | Promise<ToneSummary>;

/**
 * What the model needs to answer well, sent with every request ("empathy in"): the tone of
 * the last customer turn, the understanding the customer confirmed (or their correction) and
 * the latest recap. Fields are absent until known.
 */
export interface AttuneContext {
  tone?: ToneSummary;
  understanding?: string;
  recap?: RecapData;
}

/** One turn of the history a backend receives. */
export interface Turn {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  /** What this user turn answers: a picker option or an echo correction. */
  answer?: { pickerId: string; optionId: string } | { echoId: string; correction: string };
}

/** An AG-UI interrupt answer (`resume[]` on the next run). */
export interface Answer {
  interruptId: string;
  status: 'resolved' | 'cancelled';
  payload?: unknown;
}

/** What a dialect gets to build one request. */
export interface RunInput {
  key: string;
  history: readonly Turn[];
  context: AttuneContext;
  answers: Answer[];
}

/** What a dialect calls while it reads one run's stream. */
export interface Run {
  readonly key: string;
  textStart(id: string): void;
  textDelta(id: string, delta: string): void;
  textEnd(id: string): void;
  /** A `data-attune-*` part or `attune.*` CUSTOM event; `interruptId` when it answers an interrupt. */
  part(kind: string, data: unknown, fallbackId: string, interruptId?: string): void;
  /** The backend's picture of the history (AG-UI `MESSAGES_SNAPSHOT`). */
  snapshot(turns: Turn[]): void;
  finish(): void;
  stopped(): void;
  fail(error: AttuneError): void;
}

export interface Dialect {
  /** Starts a run; resolves with the streaming response (throws coded errors for HTTP failures). */
  post(input: RunInput, signal: AbortSignal, ctx: TransportContext): Promise<Response>;
  /** One event of the run's stream (its SSE `data`, parsed). */
  read(run: Run, event: Record<string, unknown>): void;
  /** After a drop: a stream that replays the run, or `null` (AI SDK `GET {api}/{id}/stream`). */
  resume?(ctx: TransportContext, signal: AbortSignal): Promise<Response | null>;
}

export interface BridgeOptions {
  tone?: ToneAnalyser | undefined;
}

/** Longest SSE event accepted (characters), as for the Attune server transports. */
const MAX_EVENT = 1 << 20;
const MAX_TURNS = 200;

/** What both transports accept for their requests. */
export interface RequestOptions {
  headers?: Record<string, string> | (() => Record<string, string>) | undefined;
  credentials?: RequestCredentials | undefined;
  fetch?: typeof fetch | undefined;
}

/** A request with the caller's headers and credentials; coded errors for what goes wrong on the way. */
export async function request(options: RequestOptions, url: string, signal: AbortSignal, body?: unknown, accept = 'text/event-stream'): Promise<Response> {
  const f = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
  if (!f) throw new AttuneError('transport/unreachable', 'No fetch: pass { fetch }');
  const headers = {
    ...(typeof options.headers === 'function' ? options.headers() : options.headers),
    accept,
    ...(body ? { 'content-type': 'application/json' } : {}),
  };
  let res: Response;
  try {
    res = await f(url, {
      method: body ? 'POST' : 'GET',
      headers,
      signal,
      ...(body ? { body: JSON.stringify(body) } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  } catch (cause) {
    throw new AttuneError('transport/unreachable', 'Could not reach the AI backend', { cause, retryable: true });
  }
  if (res.ok && res.body) return res;
  void res.body?.cancel().catch(() => undefined);
  // Client errors (a bad request) will never succeed; server errors and throttling may.
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  throw new AttuneError('transport/http', `The AI backend answered HTTP ${res.status}`, { retryable });
}

/** `value` as a plain object, or undefined. */
export const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A backend id usable as an Attune message id, or one made from `fallback`. */
export const safeId = (value: unknown, fallback: string): string => (isMessageId(value) ? value : fallback);

/**
 * The transport for one dialect. Every run-starting event (a message, a typed correction,
 * a choice) POSTs the history; `send` resolves once the backend answered 2xx (so the outbox
 * retries an HTTP failure), the event is acked, and the reply streams in the background.
 * A run that breaks after that marks the customer's message `failed` (retry re-runs it
 * under the same reply ids, so a partial reply is replaced, never duplicated).
 */
export function aiBridge(dialect: Dialect, options: BridgeOptions): Transport {
  let ctx: TransportContext | undefined;
  let seq = 0;
  const history: Turn[] = [];
  const context: AttuneContext = {};
  // Echoes and pickers this transport showed, to answer them (an interrupt, or a new turn).
  const echoes = new Map<string, { reflection: string; interruptId?: string | undefined }>();
  const choices = new Map<string, { options: readonly { id: string; label: string }[]; interruptId?: string | undefined }>();
  const open = new Map<string, Answer | undefined>();
  const handled = new Map<string, 'running' | 'done'>();
  const keys = new Map<string, string>();
  const runs = new Map<string, { controller: AbortController; replies: Set<string> }>();
  let lastCustomer = '';

  // Everything built from backend data is validated like a wire event before it is numbered.
  const emit = (raw: { type: string } & Record<string, unknown>): boolean => {
    const c = ctx;
    if (!c || c.signal.aborted) return false;
    let event: ServerEvent;
    try {
      event = parseServerEvent({ ...raw, v: 1 });
    } catch (error) {
      c.error(error as AttuneError);
      return false;
    }
    c.receive(event.type === 'delta' || event.type === 'typing' ? event : { ...event, seq: ++seq });
    return true;
  };
  const remember = (turn: Turn): void => {
    const at = history.findIndex((t) => t.id === turn.id);
    if (at >= 0) history[at] = turn;
    else history.push(turn);
    if (history.length > MAX_TURNS) history.splice(0, history.length - MAX_TURNS);
  };

  /** Turns a backend part into an Attune message, validated like any server event. */
  const part = (kind: string, data: unknown, fallbackId: string, interruptId?: string): void => {
    const c = ctx;
    const d = record(data);
    if (!c) return;
    // An interrupt is open until answered (or cancelled by the next run), shown or not.
    if (interruptId) open.set(interruptId, undefined);
    if (!d) return c.error(new AttuneError('protocol/invalid', `Invalid ${kind}: expected an object`));
    const id = safeId(d.id, fallbackId);
    const base = { id };
    switch (kind) {
      case 'echo': {
        const line = text(d.text);
        if (!line)
          return c.error(new AttuneError('protocol/invalid', 'Invalid echo: text: is required', { details: [{ path: 'text', message: 'is required' }] }));
        const reflection = text(d.reflection) ?? line;
        if (emit({ ...base, type: 'echo', about: safeId(d.about, lastCustomer || id), text: line, reflection, state: 'proposed' }))
          echoes.set(id, { reflection, interruptId });
        return;
      }
      case 'choice': {
        const options = d.options;
        // The one option-count rule, with its code; the options' shape is checked as on the wire.
        if (!hasOptionCount(options)) {
          const message = `expected 2 or 3 options, got ${Array.isArray(options) ? options.length : 0}`;
          return c.error(new AttuneError('options/count', `options: ${message}`, { details: [{ path: 'options', message }] }));
        }
        if (emit({ ...base, type: 'choice', prompt: text(d.prompt) ?? '', options }))
          choices.set(id, { options: options as { id: string; label: string }[], interruptId });
        return;
      }
      case 'recap':
        if (emit({ ...d, ...base, type: 'recap' })) {
          const { understood, done, nextStep, resolved, care } = d as unknown as RecapData;
          context.recap = { understood, done, nextStep, resolved, care };
        }
        return;
      case 'handoff':
        emit({ state: 'offered', ...d, ...base, type: 'handoff' });
        return;
      case 'csat':
        emit({ prompt: d.prompt, ...base, type: 'csat', scale: 5 });
        return;
      default:
        c.error(new AttuneError('protocol/invalid', `Invalid part: unknown kind "${kind}"`));
    }
  };

  const run = async (trigger: string, turn: Turn | undefined, c: TransportContext): Promise<void> => {
    if (turn) remember(turn);
    const key = keys.get(trigger) ?? createId('r');
    keys.set(trigger, key);
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    c.signal.addEventListener('abort', abort);
    const answers = [...open].map(([interruptId, answer]) => answer ?? { interruptId, status: 'cancelled' as const });
    open.clear();
    handled.set(trigger, 'running');
    let res: Response;
    try {
      res = await dialect.post({ key, history: history.slice(), context: { ...context }, answers }, controller.signal, c);
    } catch (error) {
      handled.delete(trigger);
      c.signal.removeEventListener('abort', abort);
      // Unanswered again: the retry carries the answers once more.
      for (const a of answers) if (a.status === 'resolved') open.set(a.interruptId, a);
      throw error;
    }
    queueMicrotask(() => emit({ type: 'ack', id: trigger }));
    emit({ type: 'typing', on: true });
    const replies = new Set<string>();
    runs.set(key, { controller, replies });
    // Text parts: what arrived so far; `ended` ones are final (a replay must not reopen them).
    const parts = new Map<string, string>();
    const ended = new Set<string>();
    let state: 'streaming' | 'finished' | 'stopped' | 'failed' = 'streaming';
    const end = (id: string, status: 'sent' | 'failed', error?: AttuneError): void => {
      const body = parts.get(id);
      if (body === undefined || ended.has(id)) return;
      ended.add(id);
      const stopped = state === 'stopped' ? { tags: ['stopped'] } : {};
      emit({
        type: 'text',
        id,
        from: 'agent',
        text: body,
        status,
        ...stopped,
        ...(error ? { error: { code: 'stream/interrupted', message: error.message } } : {}),
      });
      if (body) remember({ id, role: 'assistant', text: body });
    };
    const close = (status: 'sent' | 'failed', error?: AttuneError): void => {
      for (const id of parts.keys()) end(id, status, error);
    };
    const handle: Run = {
      key,
      textStart(id) {
        if (ended.has(id) || state !== 'streaming') return;
        if (!parts.size) emit({ type: 'typing', on: false });
        parts.set(id, '');
        replies.add(id);
        emit({ type: 'text', id, from: 'agent', text: '', status: 'streaming' });
      },
      textDelta(id, delta) {
        if (ended.has(id) || state !== 'streaming') return;
        if (!parts.has(id)) handle.textStart(id);
        const before = parts.get(id) ?? '';
        parts.set(id, before + delta);
        if (delta) emit({ type: 'delta', id, offset: before.length, text: delta });
      },
      textEnd(id) {
        if (state === 'streaming') end(id, 'sent');
      },
      part,
      snapshot(turns) {
        history.splice(0, history.length, ...turns.slice(-MAX_TURNS));
        for (const t of turns) if (t.role === 'assistant' && !parts.has(t.id)) emit({ type: 'text', id: t.id, from: 'agent', text: t.text, status: 'sent' });
      },
      finish() {
        if (state !== 'streaming') return;
        close('sent');
        state = 'finished';
      },
      stopped() {
        if (state !== 'streaming') return;
        state = 'stopped';
        close('sent');
      },
      fail(error) {
        if (state !== 'streaming') return;
        state = 'failed';
        close('failed', error);
        c.error(error);
        handled.delete(trigger);
        // The backend has the turn but never answered it: the customer's message shows
        // failed and `retry` runs it again (under the same key, replacing the partial reply).
        if (turn?.role === 'user' && !turn.answer) {
          emit({ type: 'text', id: turn.id, from: 'customer', text: turn.text, status: 'failed', error: { code: error.code, message: error.message } });
        }
      },
    };
    const read = (data: string): void => {
      // The AI SDK ends its stream with `[DONE]`; `finish` already said so.
      if (data === '[DONE]') return;
      try {
        const event = record(JSON.parse(data));
        if (!event) throw new AttuneError('protocol/invalid', 'Invalid backend event: not an object');
        dialect.read(handle, event);
      } catch (error) {
        c.error(isAttuneError(error) ? error : new AttuneError('protocol/invalid', 'Invalid backend event', { cause: error }));
      }
    };
    const consume = async (response: Response): Promise<boolean> => {
      const body = response.body;
      if (!body) return false;
      const reader = body.getReader();
      const decoder = new TextDecoder();
      const parser = createSseParser((e) => read(e.data), {
        max: MAX_EVENT,
        onOversize: () => c.error(new AttuneError('protocol/invalid', 'Invalid backend event: over 1 MiB')),
      });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return true;
        parser.push(decoder.decode(value, { stream: true }));
        if (state !== 'streaming') {
          void reader.cancel().catch(() => undefined);
          return true;
        }
      }
    };
    const stream = async (): Promise<void> => {
      let response: Response | null = res;
      let drops = 0;
      while (response) {
        try {
          await consume(response);
        } catch {
          // A dropped connection: resumed below when the backend can.
        }
        if (state !== 'streaming' || controller.signal.aborted) break;
        response = drops++ < 2 && dialect.resume ? await dialect.resume(c, controller.signal).catch(() => null) : null;
      }
      if (controller.signal.aborted && state === 'streaming') handle.stopped();
      else if (state === 'streaming') handle.fail(new AttuneError('stream/interrupted', 'The reply broke off', { retryable: true }));
      if (state === 'finished') handled.set(trigger, 'done');
      emit({ type: 'typing', on: false });
      runs.delete(key);
      c.signal.removeEventListener('abort', abort);
    };
    void stream();
  };

  const ack = (id: string): void => queueMicrotask(() => void emit({ type: 'ack', id }));

  return {
    connect(context_) {
      ctx = context_;
      seq = Math.max(seq, context_.lastSeq());
      context_.status('open');
    },
    async send(event: ClientEvent) {
      const c = ctx;
      if (!c || c.signal.aborted) throw new AttuneError('transport/closed', 'The AI transport is not connected', { retryable: true });
      // A resent event the backend already has (the outbox retries until it sees an ack).
      if (handled.has(event.id)) return handled.get(event.id) === 'done' ? ack(event.id) : undefined;
      switch (event.type) {
        case 'message': {
          lastCustomer = event.id;
          if (options.tone) {
            try {
              const { tone, intensity, urgency } = await options.tone(event.text);
              context.tone = { tone, intensity, urgency };
            } catch (cause) {
              c.error(new AttuneError('config/invalid', 'The tone analyser failed', { cause }));
            }
          }
          return run(event.id, { id: event.id, role: 'user', text: event.text }, c);
        }
        case 'echo.confirm':
        case 'echo.correct': {
          const echo = echoes.get(event.echoId);
          const correction = event.type === 'echo.correct' ? event.text : '';
          if (echo) context.understanding = correction || echo.reflection;
          if (echo?.interruptId) {
            open.set(echo.interruptId, {
              interruptId: echo.interruptId,
              status: 'resolved',
              payload: { confirmed: !correction && event.type === 'echo.confirm', ...(correction ? { correction } : {}) },
            });
            return run(event.id, undefined, c);
          }
          if (correction) return run(event.id, { id: event.id, role: 'user', text: correction, answer: { echoId: event.echoId, correction } }, c);
          return ack(event.id);
        }
        case 'choose': {
          const choice = choices.get(event.pickerId);
          const label = choice?.options.find((o) => o.id === event.optionId)?.label ?? event.optionId;
          if (choice?.interruptId) {
            open.set(choice.interruptId, { interruptId: choice.interruptId, status: 'resolved', payload: { optionId: event.optionId, label } });
            return run(event.id, undefined, c);
          }
          return run(event.id, { id: event.id, role: 'user', text: label, answer: { pickerId: event.pickerId, optionId: event.optionId } }, c);
        }
        case 'stop':
          for (const r of runs.values()) if (r.replies.has(event.id)) r.controller.abort();
          return ack(event.id);
        default:
          return ack(event.id);
      }
    },
  };
}
