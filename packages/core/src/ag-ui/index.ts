/**
 * `@attune/core/ag-ui`: a transport for AG-UI agents (CopilotKit, LangGraph, Mastra,
 * Pydantic AI, Microsoft Agent Framework…) over Server-Sent Events, without bundling
 * `@ag-ui/client`.
 */
import type { Transport } from '../conversation.types.js';
import { AttuneError } from '../errors.js';
import { createId } from '../internal/ids.js';
import { hashId } from '../primitives/option-picker/option-picker.js';
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

const KINDS = new Set(['echo', 'choice', 'recap', 'handoff', 'csat']);

/** An AG-UI message id as an Attune id (ids are global in AG-UI, so they are kept when safe). */
const idOf = (value: unknown): string => safeId(value, `g${hashId(String(value))}`);

/** Options of an `input_required` interrupt: `metadata.options`, or `responseSchema.enum` / `oneOf [{ const, title }]`. */
function interruptOptions(interrupt: Record<string, unknown>): unknown {
  const listed = record(interrupt.metadata)?.options;
  if (listed !== undefined) return listed;
  const schema = record(interrupt.responseSchema);
  if (Array.isArray(schema?.enum)) return schema.enum.map((v) => ({ id: String(v), label: String(v) }));
  if (Array.isArray(schema?.oneOf)) return schema.oneOf.map((v) => ({ id: String(record(v)?.const), label: String(record(v)?.title ?? record(v)?.const) }));
  return undefined;
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
  const dialect: Dialect = {
    post({ history, context, answers }, signal, ctx) {
      const json = (value: unknown): string => JSON.stringify(value);
      const input = {
        threadId: ctx.conversationId,
        runId: createId('run_'),
        messages: history.map((t) => ({ id: t.id, role: t.role, content: t.text })),
        tools: [],
        context: [
          ...(context.tone ? [{ description: 'attune.tone', value: json(context.tone) }] : []),
          ...(context.understanding ? [{ description: 'attune.understanding', value: context.understanding }] : []),
          ...(context.recap ? [{ description: 'attune.recap', value: json(context.recap) }] : []),
        ],
        state,
        forwardedProps: options.forwardedProps ?? {},
        ...(answers.length ? { resume: answers } : {}),
      };
      const headers = { ...(typeof options.headers === 'function' ? options.headers() : options.headers), 'content-type': 'application/json', accept: 'text/event-stream' };
      return request(options.fetch, options.url, { method: 'POST', headers, body: json(input), signal, ...(options.credentials ? { credentials: options.credentials } : {}) });
    },
    read(run, data) {
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch (cause) {
        throw new AttuneError('protocol/invalid', 'Invalid AG-UI event: not JSON', { cause });
      }
      const e = record(value) ?? {};
      const id = idOf(e.messageId);
      switch (e.type) {
        case 'TEXT_MESSAGE_START':
          return e.role === undefined || e.role === 'assistant' ? run.textStart(id) : undefined;
        case 'TEXT_MESSAGE_CONTENT':
        case 'TEXT_MESSAGE_CHUNK':
          return typeof e.delta === 'string' ? run.textDelta(id, e.delta) : undefined;
        case 'TEXT_MESSAGE_END':
          return run.textEnd(id);
        case 'STATE_SNAPSHOT':
          state = e.snapshot;
          return;
        case 'MESSAGES_SNAPSHOT': {
          if (!Array.isArray(e.messages)) return;
          const turns: Turn[] = [];
          for (const raw of e.messages) {
            const m = record(raw);
            if ((m?.role === 'user' || m?.role === 'assistant') && typeof m.content === 'string') turns.push({ id: idOf(m.id), role: m.role, text: m.content });
          }
          return run.snapshot(turns);
        }
        case 'CUSTOM': {
          const name = typeof e.name === 'string' ? e.name : '';
          if (!name.startsWith('attune.')) return;
          const kind = name.slice(7);
          if (!KINDS.has(kind)) throw new AttuneError('protocol/invalid', `Invalid AG-UI event: unknown CUSTOM "${name}"`);
          return run.part(kind, e.value, `${run.key}-${kind}`);
        }
        case 'RUN_ERROR':
          return run.fail(new AttuneError('transport/protocol', `The agent failed: ${typeof e.code === 'string' ? `${e.code} ` : ''}${String(e.message)}`, { retryable: true }));
        case 'RUN_FINISHED': {
          const outcome = record(e.outcome);
          if (outcome?.type === 'interrupt' && Array.isArray(outcome.interrupts)) {
            for (const raw of outcome.interrupts) {
              const interrupt = record(raw);
              if (!interrupt || typeof interrupt.id !== 'string') continue;
              const message = typeof interrupt.message === 'string' ? interrupt.message : '';
              const fallback = `i${hashId(interrupt.id)}`;
              const reflection = record(interrupt.metadata)?.reflection;
              if (interrupt.reason === 'confirmation') run.part('echo', { text: message, reflection: typeof reflection === 'string' ? reflection : message }, fallback, interrupt.id);
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
