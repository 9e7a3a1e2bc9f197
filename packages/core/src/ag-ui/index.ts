/**
 * `@attune/core/ag-ui`: a transport for AG-UI agents (CopilotKit, LangGraph, Mastra,
 * Pydantic AI, Microsoft Agent Framework…) over Server-Sent Events, without bundling
 * `@ag-ui/client`.
 */
import type { Transport } from '../conversation.types.js';
import { AttuneError } from '../errors.js';
import { createId } from '../internal/ids.js';
import { aiBridge, record, request, safeId, type Dialect, type ToneAnalyser, type Turn } from '../transport/ai-bridge.js';

export type { AttuneContext, ToneAnalyser } from '../transport/ai-bridge.js';

export interface AgUiTransportOptions {
  /** The agent's endpoint (POST `RunAgentInput`, answers with an SSE stream of events). */
  url: string;
  /** Extra request headers (e.g. `Authorization`), or a function returning them per request. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** A `fetch` for runtimes without a global one (or to add auth, logging…). */
  fetch?: typeof fetch;
  /** `fetch` credentials mode. */
  credentials?: RequestCredentials;
  /** Reads the tone of each customer message for `context[]` (e.g. `detectTone` from `@attune/core`). */
  tone?: ToneAnalyser;
  /** Passed through to the agent as `forwardedProps`. */
  forwardedProps?: Record<string, unknown>;
}

/** An AG-UI message id as an Attune id (ids are global in AG-UI, so they are kept when safe). */
const idOf = (value: unknown): string =>
  safeId(
    value,
    `g${String(value)
      .replace(/[^\w-]/g, '_')
      .slice(0, 120)}`,
  );

/** Options of an `input_required` interrupt: `metadata.options`, or `responseSchema.oneOf [{ const, title }]` / `.enum`. */
function interruptOptions(interrupt: Record<string, unknown>): unknown {
  const schema = record(interrupt.responseSchema) ?? {};
  const list = schema.oneOf ?? schema.enum;
  return (
    record(interrupt.metadata)?.options ??
    (Array.isArray(list)
      ? list.map((v) => {
          const o = record(v);
          return o ? { id: String(o.const), label: String(o.title ?? o.const) } : { id: String(v), label: String(v) };
        })
      : undefined)
  );
}

/**
 * Talks to an AG-UI agent. Each customer message starts a run: POST `RunAgentInput`
 * (`threadId` = the conversation id, the history as `messages`, the empathy context in
 * `context[]` as `attune.tone`, `attune.understanding`, `attune.recap` JSON values, and
 * `resume[]` answering the interrupts that ended the previous run). `TEXT_MESSAGE_*` events
 * stream into agent text messages, `CUSTOM { name: 'attune.echo' | 'attune.choice' | … }`
 * become Attune messages, `MESSAGES_SNAPSHOT` resyncs the history. Interrupts with
 * `reason: 'confirmation'` show as an echo to confirm or correct; `input_required` with
 * two or three options as an option picker; the answer starts the next run.
 *
 * @example
 * import { agUiTransport } from '@attune/core/ag-ui';
 * createConversation({ transport: agUiTransport({ url: '/agent' }) });
 */
export function agUiTransport(options: AgUiTransportOptions): Transport {
  let state: unknown = {};
  // TEXT_MESSAGE_CHUNK may name its message only in the first chunk.
  let chunked = '';
  let customs = 0;
  const dialect: Dialect = {
    post({ history, context, answers }, signal, ctx) {
      const input = {
        threadId: ctx.conversationId,
        runId: createId('run_'),
        messages: history.map((t) => ({ id: t.id, role: t.role, content: t.text })),
        tools: [],
        // `attune.tone`, `attune.understanding`, `attune.recap`: plain text or JSON.
        context: Object.entries(context).map(([key, value]) => ({
          description: `attune.${key}`,
          value: typeof value === 'string' ? value : JSON.stringify(value),
        })),
        state,
        forwardedProps: options.forwardedProps ?? {},
        ...(answers.length ? { resume: answers } : {}),
      };
      return request(options, options.url, signal, input);
    },
    read(run, e) {
      const id = idOf(e.messageId);
      switch (e.type) {
        case 'TEXT_MESSAGE_START':
          return e.role === undefined || e.role === 'assistant' ? run.textStart(id) : undefined;
        case 'TEXT_MESSAGE_CONTENT':
          return typeof e.delta === 'string' ? run.textDelta(id, e.delta) : undefined;
        case 'TEXT_MESSAGE_CHUNK':
          if (e.messageId !== undefined) chunked = id;
          return typeof e.delta === 'string' && chunked ? run.textDelta(chunked, e.delta) : undefined;
        case 'TEXT_MESSAGE_END':
          return run.textEnd(id);
        case 'STATE_SNAPSHOT':
          state = e.snapshot;
          return;
        case 'MESSAGES_SNAPSHOT':
          return run.snapshot(
            (Array.isArray(e.messages) ? e.messages : [])
              .map(record)
              .filter((m) => (m?.role === 'user' || m?.role === 'assistant') && typeof m.content === 'string')
              .map((m) => ({ id: idOf(m?.id), role: m?.role as Turn['role'], text: String(m?.content) })),
          );
        case 'CUSTOM': {
          // Other CUSTOM events belong to the app; unknown `attune.*` kinds are reported.
          const name = String(e.name);
          return name.startsWith('attune.') ? run.part(name.slice(7), e.value, `${run.key}-c${customs++}`) : undefined;
        }
        case 'RUN_ERROR':
          return run.fail(
            new AttuneError(
              'transport/protocol',
              `The agent failed: ${typeof e.code === 'string' ? e.code : ''} ${typeof e.message === 'string' ? e.message : ''}`,
              { retryable: true },
            ),
          );
        case 'RUN_FINISHED': {
          const outcome = record(e.outcome);
          if (outcome?.type === 'interrupt' && Array.isArray(outcome.interrupts)) {
            for (const raw of outcome.interrupts) {
              const interrupt = record(raw);
              if (!interrupt || typeof interrupt.id !== 'string') continue;
              const message = typeof interrupt.message === 'string' ? interrupt.message : '';
              const fallback = idOf(interrupt.id);
              const reflection = record(interrupt.metadata)?.reflection;
              if (interrupt.reason === 'confirmation')
                run.part('echo', { text: message, reflection: typeof reflection === 'string' ? reflection : message }, fallback, interrupt.id);
              else run.part('choice', { prompt: message, options: interruptOptions(interrupt) }, fallback, interrupt.id);
            }
          }
          if (outcome?.type === 'cancelled') return run.stopped();
          return run.finish();
        }
        default:
      }
    },
  };
  return aiBridge(dialect, options);
}
