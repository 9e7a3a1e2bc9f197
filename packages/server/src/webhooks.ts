// Webhooks: when a person is asked for, or a conversation closes, POST a signed JSON
// "handoff packet" (the recap so far, the tone path, the QA scorecard) to the configured
// URLs, so a help desk picks up without asking the customer twice. Delivery runs beside the
// customer path, never in it: a slow or failing receiver costs a queue entry and some
// retries, and the queue is bounded.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RecapData, ServerEvent } from '@attune/core';
import type { ConversationSummary } from '@attune/core/metrics';
import { assist } from './agents/assist.js';
import type { Metrics } from './metrics.js';
import type { ConversationMeta } from './store/types.js';

export type WebhookEventType = 'handoff.requested' | 'conversation.closed';

export interface WebhookConfig {
  /** Receivers (http or https URLs); every event goes to each. */
  urls: readonly string[];
  /** HMAC-SHA256 key for the `Attune-Signature` header (at least 16 characters). */
  secret: string;
  /** Attempts per delivery, the first included (default 6: after 1, 2, 4, 8, 16 s). */
  maxAttempts?: number;
  /** Wait before the first retry (ms, default 1000); doubled each time, with jitter, capped at `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** One attempt's deadline (ms, default 10000). */
  timeoutMs?: number;
  /** Deliveries waiting (first attempts and retries) before the oldest is dropped (default 1000). */
  maxQueued?: number;
}

export interface WebhookPayload {
  /** Unique per event: a receiver that sees an id twice (a retry whose answer was lost) can ignore it. */
  id: string;
  type: WebhookEventType;
  /** When the event happened (ms epoch). */
  at: number;
  conversation: { id: string; createdAt: number; state: ConversationMeta['state']; firstWords: string };
  /** The handoff that was requested (handoff.requested only). */
  handoff?: { messageId: string; reason: string | null };
  /** The recap shown to the customer, or the one the conversation supports so far. */
  recap: RecapData & { shown: boolean };
  tone: ConversationSummary['tone'];
  scorecard: ConversationSummary['scorecard'];
  summary: Pick<ConversationSummary, 'timings' | 'resolved' | 'csat' | 'echoes' | 'handoff' | 'abuse' | 'customerMessages'>;
}

export const SIGNATURE_HEADER = 'attune-signature';
/** Signatures older than this are refused by `verifyWebhook` (replays). */
export const SIGNATURE_TOLERANCE_S = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex');
  return `t=${String(timestamp)},v1=${mac}`;
}

/**
 * Checks an `Attune-Signature` header against the raw body (as received, before parsing).
 * True only for a signature made with `secret` within `toleranceS` of now.
 */
export function verifyWebhook(secret: string, body: string, header: string | null | undefined, now = Date.now(), toleranceS = SIGNATURE_TOLERANCE_S): boolean {
  if (typeof header !== 'string' || header.length > 500) return false;
  const parts = new Map(header.split(',').map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()] as const));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(t) || Math.abs(now / 1000 - t) > toleranceS || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret)
    .update(`${String(t)}.${body}`)
    .digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** Checks a webhook config; throws an Error naming the bad setting (the server refuses to start). */
export function checkWebhookConfig(config: WebhookConfig): void {
  if (!Array.isArray(config.urls) || config.urls.length === 0) throw new Error('attune server config: webhooks.urls needs at least one URL');
  for (const url of config.urls as unknown[]) {
    if (typeof url !== 'string') throw new Error('attune server config: webhooks.urls must be strings');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`attune server config: webhooks.urls entry ${url} is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`attune server config: webhooks.urls entry ${url} must be http or https`);
  }
  if (typeof config.secret !== 'string' || config.secret.length < 16) throw new Error('attune server config: webhooks.secret must be at least 16 characters');
  for (const key of ['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'timeoutMs', 'maxQueued'] as const) {
    const value = config[key];
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) throw new Error(`attune server config: webhooks.${key} must be a positive number`);
  }
}

/** Reads ATTUNE_WEBHOOK_URLS (comma-separated) and ATTUNE_WEBHOOK_SECRET. */
export function webhookConfigFromEnv(env: NodeJS.ProcessEnv): WebhookConfig | undefined {
  const urls = env.ATTUNE_WEBHOOK_URLS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!urls?.length) return undefined;
  return { urls, secret: env.ATTUNE_WEBHOOK_SECRET ?? '' };
}

interface Delivery {
  url: string;
  body: string;
  id: string;
  type: WebhookEventType;
  attempt: number;
}

export interface WebhookSources {
  metrics: Metrics;
  meta(id: string): Promise<ConversationMeta>;
  read(id: string): Promise<ServerEvent[]>;
}

function recapOf(events: readonly ServerEvent[], handoff: ServerEvent | undefined): RecapData & { shown: boolean } {
  if (handoff?.type === 'handoff' && handoff.recap) return { ...handoff.recap, shown: false };
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === 'recap') return { understood: e.understood, done: e.done, nextStep: e.nextStep, resolved: e.resolved, care: e.care, shown: true };
  }
  return { ...assist(events).recap, shown: false };
}

export function createWebhooks(config: WebhookConfig, sources: WebhookSources) {
  checkWebhookConfig(config);
  const maxAttempts = config.maxAttempts ?? 6;
  const baseDelayMs = config.baseDelayMs ?? 1000;
  const maxDelayMs = config.maxDelayMs ?? 60_000;
  const timeoutMs = config.timeoutMs ?? 10_000;
  const maxQueued = config.maxQueued ?? 1000;
  const waiting = new Set<Delivery>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const inFlight = new Set<Promise<void>>();
  const controller = new AbortController();
  const stats = { delivered: 0, failed: 0, retried: 0, dropped: 0 };
  /** Conversations already reported closed (cleared when one comes back to life). */
  const closedSent = new Set<string>();
  let closed = false;

  const later = (fn: () => void, ms: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    // A retry waiting never keeps the process alive.
    timer.unref();
    timers.add(timer);
  };

  const track = (task: Promise<void>): void => {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  const attempt = async (delivery: Delivery): Promise<void> => {
    if (closed) return;
    let retry = false;
    let why = '';
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'attune-webhooks/1',
          'attune-event': delivery.type,
          'attune-webhook-id': delivery.id,
          'attune-attempt': String(delivery.attempt),
          // Signed per attempt: the timestamp is fresh, so a receiver's replay window stays short.
          [SIGNATURE_HEADER]: signWebhook(config.secret, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
      });
      // The body is not needed; reading it frees the connection.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        stats.delivered++;
        waiting.delete(delivery);
        return;
      }
      retry = res.status >= 500 || res.status === 408 || res.status === 429;
      why = `HTTP ${String(res.status)}`;
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- `closed` is set by close() while the delivery is awaited
      if (closed) return;
      retry = true;
      why = error instanceof Error ? error.message : String(error);
    }
    if (retry && delivery.attempt < maxAttempts) {
      stats.retried++;
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (delivery.attempt - 1));
      // Full jitter on half the delay: receivers that failed together do not get hit together.
      const wait = delay / 2 + Math.random() * (delay / 2);
      delivery.attempt++;
      later(() => track(attempt(delivery)), wait);
      return;
    }
    stats.failed++;
    waiting.delete(delivery);
    console.error(
      `attune: webhook ${delivery.type} ${delivery.id} to ${new URL(delivery.url).origin} failed after ${String(delivery.attempt)} attempt(s): ${why}`,
    );
  };

  const enqueue = (type: WebhookEventType, payload: WebhookPayload): void => {
    const body = JSON.stringify(payload);
    for (const url of config.urls) {
      const delivery: Delivery = { url, body, id: payload.id, type, attempt: 1 };
      waiting.add(delivery);
      if (waiting.size > maxQueued) {
        const oldest = waiting.values().next();
        if (!oldest.done) {
          waiting.delete(oldest.value);
          stats.dropped++;
          console.error(`attune: webhook queue full (${String(maxQueued)}); dropped ${oldest.value.type} ${oldest.value.id}`);
        }
      }
      track(attempt(delivery));
    }
  };

  const build = async (type: WebhookEventType, conversationId: string, trigger: ServerEvent | undefined): Promise<WebhookPayload> => {
    const [meta, events] = await Promise.all([sources.meta(conversationId), sources.read(conversationId)]);
    const summary = sources.metrics.summaryOf(meta, events);
    const seq = events.at(-1)?.seq ?? 0;
    return {
      id: `${type}:${conversationId}:${trigger && 'id' in trigger ? trigger.id : String(seq)}`,
      type,
      at: Date.now(),
      conversation: { id: meta.id, createdAt: meta.createdAt, state: type === 'conversation.closed' ? 'closed' : meta.state, firstWords: meta.firstWords },
      ...(trigger?.type === 'handoff' ? { handoff: { messageId: trigger.id, reason: trigger.reason ?? null } } : {}),
      recap: recapOf(events, trigger),
      tone: summary.tone,
      scorecard: summary.scorecard,
      summary: {
        timings: summary.timings,
        resolved: summary.resolved,
        csat: summary.csat,
        echoes: summary.echoes,
        handoff: summary.handoff,
        abuse: summary.abuse,
        customerMessages: summary.customerMessages,
      },
    };
  };

  const emit = (type: WebhookEventType, conversationId: string, trigger?: ServerEvent): void => {
    if (closed) return;
    // Off the caller's path: the customer's request has its answer before this reads anything.
    track(
      (async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        enqueue(type, await build(type, conversationId, trigger));
      })().catch((error: unknown) => console.error(`attune: could not build the ${type} webhook for ${conversationId}`, error)),
    );
  };

  const state = (conversationId: string, next: ConversationMeta['state']): void => {
    if (next !== 'closed') {
      closedSent.delete(conversationId);
      return;
    }
    if (closedSent.has(conversationId)) return;
    closedSent.add(conversationId);
    if (closedSent.size > 100_000) {
      const oldest = closedSent.values().next();
      if (!oldest.done) closedSent.delete(oldest.value);
    }
    emit('conversation.closed', conversationId);
  };

  return {
    /** Called for every event stored in this process (never throws, never waits). */
    appended(conversationId: string, event: ServerEvent): void {
      if (event.type === 'handoff' && event.state === 'requested') emit('handoff.requested', conversationId, event);
      // The customer's "end" is stored as this system line (see conversations.ts).
      else if (event.type === 'text' && event.from === 'system' && event.id.startsWith('end_')) state(conversationId, 'closed');
      else if (event.type === 'text' && event.from === 'customer') closedSent.delete(conversationId);
    },
    /** Called when a conversation's state changes in this process. */
    state,
    stats: () => ({ ...stats, queued: waiting.size }),
    /** Waits for what is in flight now (tests); retries scheduled later are not awaited. */
    async settled(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    /** Stops: cancels waiting retries and aborts attempts in flight. */
    close(): void {
      closed = true;
      controller.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      if (waiting.size) console.error(`attune: ${String(waiting.size)} webhook deliveries not completed at shutdown`);
      waiting.clear();
    },
  };
}
