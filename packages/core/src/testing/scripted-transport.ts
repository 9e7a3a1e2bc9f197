import { AttuneError } from '../errors.js';
import type { ClientEvent, ServerEvent } from '../protocol.js';
import type { Transport, TransportContext, TransportStatus } from '../conversation.types.js';

type Loose<T> = T extends unknown
  ? Omit<T, 'v' | 'seq' | 'at' | 'status'> & { v?: number; seq?: number; at?: number } & (T extends { status: infer S } ? { status?: S } : unknown)
  : never;

/** A server event as `emit` takes it: wire shape, with `v`, `seq`, `at` and a text's `status` optional. */
export type ScriptedServerEvent = Loose<ServerEvent>;

/** One call of `send`, kept in `attempts`. */
export interface ScriptedAttempt {
  event: ClientEvent;
  /** `Date.now()` when `send` was called (mocked clocks show up here). */
  at: number;
  ok: boolean;
}

/** A `Transport` driven by your test, step by step. */
export interface ScriptedTransport extends Transport {
  /** Client events handed over (retries included), in order. */
  readonly sent: ClientEvent[];
  /** Every `send` call, including the rejected ones. */
  readonly attempts: ScriptedAttempt[];
  /** How many times `connect` was called. */
  readonly connects: number;
  /** The context of the current connection, once connected. */
  readonly context: TransportContext | undefined;
  /** Pushes a server event. A missing `seq` gets the next one (except on a transient `delta`); a missing `v` gets 1. Buffered until connected. */
  emit(event: ScriptedServerEvent): void;
  /** Reports a connection state (e.g. `'reconnecting'`, then `'open'` to trigger a resend). */
  setStatus(status: TransportStatus, error?: AttuneError): void;
  /** Makes the next `count` sends (default 1) reject with a retryable `transport/unreachable` error. */
  fail(count?: number): void;
  /** Emits `ack {id}` (with the next `seq`). */
  ack(id: string): void;
}

export interface ScriptedTransportOptions {
  /** Acknowledge every event right after it is handed over (default false). */
  autoAck?: boolean;
  /** Report `open` as soon as `connect` is called (default true). */
  autoOpen?: boolean;
}

/**
 * A scripted fake transport for tests, including tests of your own integration: push
 * server events with `emit`, read what the conversation sent from `sent`, break
 * delivery with `fail` and confirm it with `ack`.
 *
 * @example
 * const transport = createScriptedTransport({ autoAck: true });
 * const conversation = createConversation({ transport });
 * conversation.send('Where is my parcel?');
 * transport.emit({ type: 'echo', id: 'e1', about: transport.sent[0].id, text: '…', reflection: '…', state: 'proposed', at: 0 });
 */
export function createScriptedTransport(options: ScriptedTransportOptions = {}): ScriptedTransport {
  const sent: ClientEvent[] = [];
  const attempts: ScriptedAttempt[] = [];
  const buffer: ScriptedServerEvent[] = [];
  let context: TransportContext | undefined;
  let failures = 0;
  let seq = 0;
  let connects = 0;

  const push = (event: ScriptedServerEvent): void => {
    if (!context) return void buffer.push(event);
    if (event.type === 'delta') {
      // Deltas are transient: no seq unless the test gives one (to test that it is refused).
      context.receive({ ...event, v: event.v ?? 1 } as ServerEvent);
      return;
    }
    seq = Math.max(seq, context.lastSeq());
    const next = event.seq ?? ++seq;
    seq = Math.max(seq, next);
    context.receive({ ...event, v: event.v ?? 1, seq: next } as ServerEvent);
  };

  const transport: ScriptedTransport = {
    sent,
    attempts,
    get connects() {
      return connects;
    },
    get context() {
      return context;
    },
    connect(ctx) {
      connects++;
      context = ctx;
      if (options.autoOpen ?? true) ctx.status('open');
      for (const event of buffer.splice(0)) push(event);
    },
    async send(event) {
      const ok = failures <= 0;
      attempts.push({ event, at: Date.now(), ok });
      if (!ok) {
        failures--;
        throw new AttuneError('transport/unreachable', 'Scripted failure', { retryable: true });
      }
      sent.push(event);
      if (options.autoAck) queueMicrotask(() => transport.ack(event.id));
    },
    emit: push,
    setStatus(status, error) {
      context?.status(status, error);
    },
    fail(count = 1) {
      failures = count;
    },
    ack(id) {
      push({ type: 'ack', id });
    },
  };
  return transport;
}
