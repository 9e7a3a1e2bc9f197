/**
 * `@attune/core/ai-sdk`: a transport for backends built with the Vercel AI SDK (UI message
 * stream protocol v1, `toUIMessageStreamResponse()`), without bundling the `ai` package.
 */
import type { Transport } from '../conversation.types.js';
import { aiBridge, request, safeId, type AttuneContext, type Dialect, type ToneAnalyser } from '../transport/ai-bridge.js';
import { AttuneError } from '../errors.js';
import { isMessageId } from '../rules.js';

export type { AttuneContext, ToneAnalyser } from '../transport/ai-bridge.js';

export interface AiSdkTransportOptions {
  /** The chat route, e.g. `/api/chat` (POST); resuming reads `GET {api}/{id}/stream`. */
  api: string;
  /** Extra request headers (e.g. `Authorization`), or a function returning them per request. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Extra fields merged into every request body (as `useChat`'s `body`). */
  body?: Record<string, unknown> | (() => Record<string, unknown>);
  /** `fetch` credentials mode (e.g. `'include'` for a cookie session on another origin). */
  credentials?: RequestCredentials;
  /** A `fetch` for runtimes without a global one (or to add auth, logging…). */
  fetch?: typeof fetch;
  /**
   * Reads the tone of each customer message for the request's `attune.tone`, e.g.
   * `detectTone` from `@attune/core`. Without it no tone is sent (this entry stays small).
   */
  tone?: ToneAnalyser;
  /** Try `GET {api}/{id}/stream` after a dropped stream (default true; a 204 means nothing to resume). */
  resume?: boolean;
}

const call = <T>(value: T | (() => T) | undefined): T | undefined => (typeof value === 'function' ? (value as () => T)() : value);

/**
 * Talks to an AI SDK chat route. Each customer message POSTs
 * `{ id, messages, trigger: 'submit-message', messageId, attune, ...body }` (the same body
 * `useChat` sends, `messages` as UI messages) and reads the reply as a UI message stream:
 * text parts stream into agent text messages; `data-attune-echo|choice|recap|handoff|csat`
 * parts become Attune's own messages, validated like every server event (a picker with
 * 1 or 4+ options is refused with `options/count`). `attune` carries the empathy context
 * (tone of the last customer turn, confirmed understanding, recap so far); the last user
 * message repeats the tone in `metadata.attune.tone`.
 *
 * @example
 * import { aiSdkTransport } from '@attune/core/ai-sdk';
 * import { createConversation, detectTone } from '@attune/core';
 * createConversation({ transport: aiSdkTransport({ api: '/api/chat', tone: detectTone }) });
 */
export function aiSdkTransport(options: AiSdkTransportOptions): Transport {
  // Text part ids ("0", "txt-1") repeat across replies: Attune ids are made per run. Data
  // parts without an id are numbered from the stream's `start`, so a replay numbers them alike.
  const counts = new Map<string, number>();
  const dialect: Dialect = {
    async post({ history, context }, signal, ctx) {
      const last = history.length - 1;
      const messages = history.map((turn, i) => {
        const attune: AttuneContext & { answer?: unknown } = {
          ...(i === last && context.tone ? { tone: context.tone } : {}),
          ...(turn.answer ? { answer: turn.answer } : {}),
        };
        return {
          id: turn.id,
          role: turn.role,
          parts: [{ type: 'text', text: turn.text }],
          ...(Object.keys(attune).length ? { metadata: { attune } } : {}),
        };
      });
      const body = { ...call(options.body), id: ctx.conversationId, messages, trigger: 'submit-message', attune: context };
      return request(options, options.api, signal, body);
    },
    read(run, chunk) {
      const type = String(chunk.type);
      const part = (): string => `${run.key}-${safeId(chunk.id, 'x').slice(0, 60)}`;
      switch (type) {
        case 'start':
          counts.set(run.key, 0);
          return;
        case 'text-start':
          return run.textStart(part());
        case 'text-delta':
          return typeof chunk.delta === 'string' ? run.textDelta(part(), chunk.delta) : undefined;
        case 'text-end':
          return run.textEnd(part());
        case 'finish':
          return run.finish();
        case 'abort':
          return run.stopped();
        case 'error':
          return run.fail(new AttuneError('transport/protocol', `The AI backend reported an error: ${String(chunk.errorText)}`, { retryable: true }));
        default:
          if (type.startsWith('data-attune-')) {
            const n = counts.get(run.key) ?? 0;
            counts.set(run.key, n + 1);
            run.part(type.slice(12), chunk.data, isMessageId(chunk.id) ? chunk.id : `${run.key}-d${n}`);
          }
      }
    },
    async resume(ctx, signal) {
      if (options.resume === false) return null;
      // 204: nothing to resume; any failure reads the same.
      const res = await request(options, `${options.api.replace(/\/+$/, '')}/${encodeURIComponent(ctx.conversationId)}/stream`, signal);
      return res.status === 200 ? res : null;
    },
  };
  return aiBridge(dialect, options);
}
