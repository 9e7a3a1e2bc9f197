import type { GuardrailOptions, GuardrailRule } from './guardrails/guardrails.js';
import type { AttuneError } from './errors.js';
import type { ClientEvent, ServerEvent } from './protocol.js';
import type { ConversationSnapshot, HandoffReason, HandoffState } from './types.js';

// ---------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------

/** Connection states a transport reports (the snapshot's `status` minus `idle`). */
export type TransportStatus = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

/** What a conversation hands its transport when it starts it. */
export interface TransportContext {
  conversationId: string;
  locale: string;
  /** The resolved empathy policy (used by agents that run in the page). */
  empathy: ResolvedEmpathyOptions;
  /** Aborted when the conversation is disposed: stop everything, report nothing more. */
  signal: AbortSignal;
  /** The last server `seq` the client has applied; read it at every (re)connect. */
  lastSeq(): number;
  /** Deliver a server event (duplicates and reordering are handled by the conversation). */
  receive(event: ServerEvent): void;
  /** Report a connection state change; `error` explains `reconnecting`/`offline`/`closed`. */
  status(status: TransportStatus, error?: AttuneError): void;
  /** Report a problem that changes no state, e.g. an invalid event (`protocol/invalid`); surfaces as analytics `error`. */
  error(error: AttuneError): void;
  /** The conversation's storage, for what a transport keeps across reloads (e.g. a server-issued token). */
  storage?: StorageAdapter;
}

/**
 * How a conversation talks to an agent: the page itself (`localAgent`), a server
 * (`httpTransport`, `webSocketTransport`) or your own backend.
 *
 * Contract: `connect` starts the connection and keeps it alive (reconnecting with
 * `lastSeq()`) until `signal` aborts. `send` resolves once the event was handed over
 * (HTTP 2xx, frame written) and rejects with a retryable `AttuneError` when it could
 * not be; delivery is confirmed only by an `ack {id}` event, and the conversation's
 * outbox retries unacknowledged events, so a transport never retries on its own.
 */
export interface Transport {
  connect(context: TransportContext): void | Promise<void>;
  send(event: ClientEvent, options?: { signal?: AbortSignal }): Promise<void>;
}

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

/**
 * Where a conversation keeps its outbox and transcript across reloads. Methods may be
 * sync or async (IndexedDB); values are JSON-serialisable.
 */
export interface StorageAdapter {
  // The union documents that a Promise is welcome, though `unknown` alone would admit it.
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents
  get(key: string): unknown | Promise<unknown>;
  set(key: string, value: unknown): void | Promise<void>;
  remove(key: string): void | Promise<void>;
  /**
   * Calls `changed` when another tab (or another conversation object over this adapter)
   * changed `key`; returns the unsubscribe. Optional: without it, tabs still merge
   * outboxes whenever they write, but only learn of each other's acks then.
   */
  subscribe?(key: string, changed: () => void): () => void;
}

export type StorageOption = 'memory' | 'session' | 'local' | StorageAdapter;

// ---------------------------------------------------------------------------
// Empathy policy
// ---------------------------------------------------------------------------

import type { Paraphraser } from './paraphrase/echoer.js';

export type { Paraphraser } from './paraphrase/echoer.js';

export interface EmpathyOptions {
  /** Reflect problem statements back before acting (default true). */
  echo?: boolean;
  /** Apologies allowed per conversation (default 1). */
  maxApologies?: number;
  /** Offer a person after this many negative turns in a row (default 3). */
  handoffAfterNegativeTurns?: number;
  /** Offer a person after this many corrected echoes (default 2). */
  handoffAfterCorrections?: number;
  paraphraser?: Paraphraser;
  /** How long to wait for `paraphraser` before falling back to the built-in one (ms, default 1500). */
  paraphraserTimeoutMs?: number;
}

export type ResolvedEmpathyOptions = Required<Omit<EmpathyOptions, 'paraphraser'>> & Pick<EmpathyOptions, 'paraphraser'>;

// ---------------------------------------------------------------------------
// Analytics
// ---------------------------------------------------------------------------

/** Typed analytics events, subscribed to with `conversation.on(type, handler)`. */
export interface AnalyticsEventMap {
  messageSent: { messageId: string };
  messageFailed: { messageId: string; error: AttuneError };
  echoShown: { echoId: string; about: string };
  echoConfirmed: { echoId: string };
  echoCorrected: { echoId: string; text?: string };
  optionChosen: { pickerId: string; optionId: string; label: string };
  apologyUsed: { messageId: string };
  /** The guardrails dropped an extra apology or a repeated empathy phrase from an agent's text. */
  guardrailDropped: { messageId: string; rule: GuardrailRule; text: string };
  /** An agent's finished reply shows sympathy but offers no next step. */
  sympathyWithoutNextStep: { messageId: string };
  handoffOffered: { messageId: string; reason?: HandoffReason };
  handoffTaken: { messageId?: string };
  /** A handoff message moved on (`requested`, `waiting`, `connected`, `declined`, `ended`). */
  handoffChanged: { messageId: string; state: Exclude<HandoffState, 'offered'>; reason?: HandoffReason };
  recapShown: { recapId: string; resolved: boolean };
  csatGiven: { csatId?: string; score: number; comment?: string };
  /** The customer's thumbs on an agent or bot message (`value: null`: taken back). */
  feedbackGiven: { messageId: string; value: 'up' | 'down' | null; reason?: string };
  error: { error: AttuneError };
  warning: { error: AttuneError };
}

export type AnalyticsEventType = keyof AnalyticsEventMap;
export type AnalyticsEvent = { [K in AnalyticsEventType]: { type: K; conversationId: string; at: number } & AnalyticsEventMap[K] }[AnalyticsEventType];

// ---------------------------------------------------------------------------
// Conversation
// ---------------------------------------------------------------------------

export interface ConversationOptions {
  /** Default: `localAgent()` running the built-in demo flow in the page. */
  transport?: Transport;
  /** Default `'memory'`. */
  storage?: StorageOption | undefined;
  /** BCP 47 tag; default `'en'`. */
  locale?: string | undefined;
  empathy?: EmpathyOptions;
  /** Resume a conversation (its transcript and outbox are read from `storage`). */
  id?: string | undefined;
  /** Longest customer message in characters (default 4000). */
  maxLength?: number;
  /** How long an unacknowledged message keeps retrying before it shows `failed` (ms, default 30000). */
  retryWindowMs?: number;
  /**
   * Outbox retry timing: exponential backoff with full jitter between `baseMs` (default
   * 500) and `maxMs` (default 15000); `ackTimeoutMs` (default 10000) is how long a sent
   * event waits for its `ack` before the queue is resent. `random` is injectable for tests.
   */
  backoff?: { baseMs?: number; maxMs?: number; ackTimeoutMs?: number; random?: () => number };
  /**
   * The empathy policy over agent text as it arrives (a model's, a person's, any transport):
   * extra apologies and repeated empathy phrases are dropped at sentence level, sympathy
   * without a next step is reported. Default on, with `empathy.maxApologies`; `false` turns it off.
   */
  guardrails?: GuardrailOptions | false;
  /** Agent and system text is markdown (default `true`); `false` tells renderers to show it as plain text. */
  markdown?: boolean;
  /**
   * How long a streaming reply may go without a delta before it is given up as
   * `failed` (its server died); the customer can then retry (ms, default 30000).
   */
  streamTimeoutMs?: number;
}

export type Listener = () => void;

/** A live conversation. State lives here once; renderers only subscribe. */
export interface Conversation {
  readonly id: string;
  /** `false` when created with `markdown: false`: renderers show agent text as plain text. */
  readonly markdown?: boolean;
  subscribe(listener: Listener): () => void;
  getSnapshot(): ConversationSnapshot;
  /**
   * Validates synchronously (throws `AttuneError`), then returns the new message's id;
   * delivery continues in the background. `options.id` sets the client id yourself (for
   * example to announce it before sending); it must be new to this conversation.
   *
   * Typed answers work like clicks: while an echo waits, "yes" / "right" / "not quite" /
   * "no" (the catalog's `reply.yes` / `reply.no`) confirm or correct it; while a picker
   * waits, an option's label or number chooses it. Then no message is added, the action
   * runs instead (with its analytics) and the echo's or picker's id is returned.
   * `options.id` or `interpret: false` always sends the text as a message.
   */
  send(text: string, options?: { id?: string | undefined; interpret?: boolean | undefined }): string;
  confirmEcho(echoId: string): void;
  correctEcho(echoId: string, text?: string): void;
  choose(pickerId: string, optionId: string): void;
  requestHuman(): void;
  rate(score: number, comment?: string): void;
  end(): void;
  /**
   * Retries a failed message: a customer message is sent again; a streamed reply that
   * was interrupted (`status: 'failed'`) asks again with the customer message it answered.
   */
  retry(messageId: string): void;
  /**
   * Ends the streaming reply `messageId` (default: every reply still streaming): it keeps
   * the text that arrived, marked `stopped`, and the server is told to stop (v1.1 `stop`).
   * Does nothing when no reply is streaming.
   */
  stop(messageId?: string): void;
  /**
   * Rates one agent or bot message: `'up'` or `'down'`, with an optional `reason` (at most
   * 500 characters, trimmed); `null` clears it. Shows at once as the message's `feedback`
   * and is sent like every client event (v1.1 `feedback`: queued, retried, stored once).
   * Throws `input/invalid` for a bad value or reason, `message/not-found` for an unknown
   * id and `feedback/not-agent` for a customer or system message. A thumbs-down counts as
   * a negative turn for the handoff policy.
   * @example
   * conversation.feedback(message.id, 'down', 'Did not answer my question');
   */
  feedback(messageId: string, value: 'up' | 'down' | null, reason?: string): void;
  on<K extends AnalyticsEventType>(type: K | '*', handler: (event: Extract<AnalyticsEvent, { type: K }>) => void): () => void;
  dispose(): void;
}
