// A server agent for any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM,
// Ollama, LiteLLM, OpenRouter…). The key stays here: the browser talks only to this
// server. The reply streams through the server's streaming agent API (protocol v1.1);
// option pickers and recaps come as tool calls and pass the same validation as an agent
// in the console (`agentEvents`: optionPicker / closingRecap rules), so a picker with four
// options is dropped and logged, never shown. The customer's tone and the understanding
// they confirmed go into the prompt. When the model fails or stalls, the customer is told
// so plainly and the flow agent answers instead.
import { randomUUID } from 'node:crypto';
import { AttuneError, createAgent, detectTone, isAttuneError } from '@attune/core';
import type { Agent, AgentOptions, ClientEvent, Message, ServerEvent } from '@attune/core';
import type { AgentEvent, AgentOutput, ServerAgent } from '../conversations.js';
import { agentEvents, messagesOf } from './assist.js';
import { CHAT_STREAM_LIMITS, readChatStream } from './chat-stream.js';
import type { ChatStreamLimits, ToolCall, Usage } from './chat-stream.js';

export type { ChatStreamLimits, Usage } from './chat-stream.js';

export interface OpenAiCompatibleAgentOptions {
  /** The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1` (Ollama); `/chat/completions` is appended. */
  baseURL: string;
  /** Sent as `Authorization: Bearer …`; never leaves this server otherwise (omit for local models). */
  apiKey?: string | undefined;
  model: string;
  /** Your instructions (product, policies, voice); Attune adds its empathy rules and the customer's tone after them. */
  system?: string | undefined;
  /** Longest wait for the first byte and between two chunks of the stream (ms, default 20000); past it the fallback answers. */
  timeoutMs?: number | undefined;
  /** Default global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Name shown on the replies (default "Assistant"). */
  name?: string | undefined;
  /** Answers when the model fails: default the rule-based flow agent of `@attune/core` (`flow` picks its flow). */
  fallback?: ServerAgent | undefined;
  flow?: AgentOptions['flow'];
  /** Extra body fields for the endpoint (e.g. `{ temperature: 0.3, max_tokens: 400 }`); `model`, `messages`, `stream`, `tools` are Attune's. */
  body?: Record<string, unknown> | undefined;
  /** Bounds on what the model may send (defaults in `CHAT_STREAM_LIMITS`). */
  limits?: Partial<ChatStreamLimits> | undefined;
  /** Token usage of each reply, when the endpoint reports it. */
  onUsage?: ((usage: Usage, conversationId: string) => void) | undefined;
  /** Where dropped tool calls and model failures are reported (default `console.warn`). Never shown to the customer. */
  log?: ((message: string, error: AttuneError) => void) | undefined;
}

/** What the customer reads when the model fails: honest, and says what happens next. */
export const MODEL_UNAVAILABLE_NOTICE = "Our AI assistant isn't responding right now, so I've switched you to our standard guided help.";

const ATTUNE_RULES = [
  'You are a customer-support assistant inside a chat widget. Be brief, warm and concrete.',
  'Apologise at most once in the whole conversation, and only for something that actually went wrong. Do not repeat the same empathy phrase.',
  'Every sympathetic sentence must be followed by a concrete next step.',
  'When the customer has to pick between 2 or 3 paths, call offer_options (never more than 3 options) and also write one short sentence.',
  'When the problem is resolved or handed over, call send_recap with what you understood, what was done and who does what next.',
].join('\n');

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'offer_options',
      description: 'Show the customer 2 or 3 options as buttons. Use it when they must choose between paths.',
      parameters: {
        type: 'object',
        properties: {
          prompt: { type: 'string', description: 'The question above the options, e.g. "How would you like to continue?"' },
          options: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 3, description: 'Two or three short labels.' },
        },
        required: ['prompt', 'options'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'send_recap',
      description: 'Close the conversation with a recap the customer can keep.',
      parameters: {
        type: 'object',
        properties: {
          understood: { type: 'string', description: 'The problem as the customer confirmed it.' },
          done: { type: 'array', items: { type: 'string' }, description: 'What was done in this conversation.' },
          next_step: {
            type: 'object',
            properties: { who: { type: 'string' }, what: { type: 'string' }, when: { type: 'string' } },
            required: ['who', 'what'],
          },
          resolved: { type: 'boolean' },
        },
        required: ['understood', 'next_step', 'resolved'],
      },
    },
  },
] as const;

interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Most history messages sent to the model, and most characters of history. */
const HISTORY_MESSAGES = 40;
const HISTORY_CHARS = 24_000;

const quote = (text: string, max = 300): string => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

/** The system prompt for this turn: the host's instructions, Attune's rules, the tone and the confirmed understanding. */
export function systemPrompt(messages: readonly Message[], system: string | undefined): string {
  const parts = [system?.trim(), ATTUNE_RULES].filter((p): p is string => Boolean(p));
  const last = [...messages].reverse().find((m) => m.kind === 'text' && m.from === 'customer');
  if (last?.kind === 'text') {
    const tone = detectTone(last.text);
    parts.push(
      `The customer's last message reads as ${tone.tone} (intensity ${tone.intensity.toFixed(2)}${tone.urgency ? ', time pressure' : ''}${tone.cues.length ? `; cues: ${tone.cues.slice(0, 4).join(', ')}` : ''}). Match it: acknowledge strong feelings briefly, then help.`,
    );
  }
  const echo = [...messages].reverse().find((m) => m.kind === 'echo' && m.state !== 'proposed');
  if (echo?.kind === 'echo') {
    parts.push(
      echo.state === 'confirmed'
        ? `The customer confirmed your understanding: ${quote(echo.reflection)}. Build on it; do not ask again.`
        : `The customer corrected your understanding${echo.correction ? `: ${quote(echo.correction)}` : ''}. Use their words.`,
    );
  }
  return parts.join('\n\n');
}

/** The conversation as chat messages (bounded), ending with the customer's turn. */
export function chatMessages(messages: readonly Message[], system: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.kind === 'text' && m.text.trim()) {
      if (m.from === 'customer') out.push({ role: 'user', content: m.text });
      else if (m.from === 'agent') out.push({ role: 'assistant', content: m.text });
    } else if (m.kind === 'choice') {
      out.push({ role: 'assistant', content: `${m.prompt} Options: ${m.options.map((o) => o.label).join(' / ')}` });
      const chosen = m.options.find((o) => o.id === m.chosen);
      if (chosen) out.push({ role: 'user', content: `I choose: ${chosen.label}` });
    } else if (m.kind === 'recap') out.push({ role: 'assistant', content: `(Recap sent: ${m.understood})` });
  }
  const recent: ChatMessage[] = [];
  let chars = 0;
  for (const m of out.slice(-HISTORY_MESSAGES).reverse()) {
    chars += m.content.length;
    if (chars > HISTORY_CHARS && recent.length) break;
    recent.unshift(m.content.length > HISTORY_CHARS ? { ...m, content: m.content.slice(-HISTORY_CHARS) } : m);
  }
  return [{ role: 'system', content: system }, ...recent];
}

/** The events a tool call stands for, validated like an agent's post; throws a coded error for an invalid one. */
function toolEvents(call: ToolCall, events: readonly ServerEvent[], name: string): AgentEvent[] {
  let args: unknown;
  try {
    args = JSON.parse(call.arguments || '{}');
  } catch {
    throw new AttuneError('model/invalid', `The arguments of ${call.name || 'a tool call'} are not JSON`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    throw new AttuneError('model/invalid', `The arguments of ${call.name} are not an object`);
  const a = args as Record<string, unknown>;
  switch (call.name) {
    case 'offer_options':
      return agentEvents({ type: 'choice', prompt: a.prompt, options: a.options }, events, name);
    case 'send_recap':
      return agentEvents({ type: 'recap', understood: a.understood, done: a.done, nextStep: a.next_step, resolved: a.resolved === true }, events, name);
    default:
      throw new AttuneError('model/invalid', `Unknown tool "${call.name.slice(0, 40)}"`);
  }
}

/** The rule-based flow agent, one per conversation (bounded), used when the model fails. */
function flowFallback(flow: AgentOptions['flow']): ServerAgent {
  const agents = new Map<string, Agent>();
  return async (event, conversation) => {
    let agent = agents.get(conversation.id);
    if (!agent) {
      // A unique prefix per agent instance: a restarted server must not reuse stored ids.
      agent = createAgent({ ...(flow ? { flow } : {}), idPrefix: `fb-${randomUUID().slice(0, 8)}-` });
      if (agents.size >= 1000) agents.delete(agents.keys().next().value ?? '');
    }
    agents.delete(conversation.id);
    agents.set(conversation.id, agent);
    const outputs = await agent.handle(event);
    return outputs.filter((o) => o.type !== 'typing' && o.type !== 'ack' && o.type !== 'error' && o.type !== 'delta');
  };
}

const redact = (text: string, secret: string | undefined): string => (secret ? text.split(secret).join('[redacted]') : text);

/**
 * A server agent for any OpenAI-compatible chat-completions endpoint. Customer messages
 * and choices go to the model with the conversation so far; the reply streams to the
 * widget; tool calls become option pickers and recaps (invalid ones dropped and logged).
 * On an HTTP error, a malformed stream or a stall past `timeoutMs`, the customer reads
 * {@link MODEL_UNAVAILABLE_NOTICE} and the flow agent answers.
 * @example
 * const server = await createServer({
 *   agent: openAiCompatibleAgent({ baseURL: 'https://api.openai.com/v1', apiKey: process.env.OPENAI_API_KEY, model: 'gpt-4.1-mini' }),
 * });
 */
export function openAiCompatibleAgent(options: OpenAiCompatibleAgentOptions): ServerAgent {
  let url: URL;
  try {
    url = new URL(`${options.baseURL.replace(/\/+$/, '')}/chat/completions`);
  } catch (cause) {
    throw new AttuneError('config/invalid', `openAiCompatibleAgent: baseURL ${JSON.stringify(options.baseURL)} is not a URL`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AttuneError('config/invalid', 'openAiCompatibleAgent: baseURL must be http(s)');
  if (!options.model.trim()) throw new AttuneError('config/invalid', 'openAiCompatibleAgent: model is required');
  const timeoutMs = options.timeoutMs ?? 20_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new AttuneError('config/invalid', 'openAiCompatibleAgent: timeoutMs must be a positive number');
  const doFetch = options.fetch ?? fetch;
  const limits: ChatStreamLimits = { ...CHAT_STREAM_LIMITS, ...options.limits };
  const name = options.name ?? 'Assistant';
  const fallback = options.fallback ?? flowFallback(options.flow);
  const log = options.log ?? ((message: string, error: AttuneError) => console.warn(`attune: ${message} (${error.code}: ${error.message})`));
  const { apiKey } = options;
  const report = (message: string, error: AttuneError): void => log(message, new AttuneError(error.code, redact(error.message, apiKey)));

  async function* reply(event: ClientEvent, conversation: Parameters<ServerAgent>[1]): AsyncGenerator<string | AgentEvent> {
    const messages = messagesOf(conversation.events);
    const body = {
      ...options.body,
      model: options.model,
      stream: true,
      stream_options: { include_usage: true },
      messages: chatMessages(messages, systemPrompt(messages, options.system)),
      tools: TOOLS,
      tool_choice: 'auto',
    };
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    conversation.signal.addEventListener('abort', stop, { once: true });
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    let sent = 0;
    const after: AgentEvent[] = [];
    try {
      arm();
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const detail = await response.text().then(
          (t) => t.slice(0, 200),
          () => '',
        );
        throw new AttuneError('model/http', `The model's endpoint answered ${String(response.status)}${detail ? `: ${detail}` : ''}`);
      }
      for await (const part of readChatStream(response.body, limits, (error) => report('part of a model reply was dropped', error), controller.signal)) {
        arm();
        if (part.type === 'text') {
          sent += part.text.length;
          yield part.text;
          continue;
        }
        if (part.usage) options.onUsage?.(part.usage, conversation.id);
        for (const call of part.toolCalls) {
          try {
            after.push(...toolEvents(call, conversation.events, name));
          } catch (error) {
            report(`dropped the model's ${call.name || 'unnamed'} tool call`, isAttuneError(error) ? error : new AttuneError('model/invalid', String(error)));
          }
        }
      }
    } catch (error) {
      // The customer pressed stop: nothing to say.
      if (conversation.signal.aborted) return;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the signal may abort while the model call is awaited
      const coded = timedOut
        ? new AttuneError('model/timeout', `The model sent nothing for ${String(timeoutMs)} ms`)
        : isAttuneError(error)
          ? error
          : new AttuneError('model/http', `Could not reach the model: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      report('the model failed; the flow agent answers', coded);
      clearTimeout(timer);
      yield `${sent ? '\n\n' : ''}${MODEL_UNAVAILABLE_NOTICE}`;
      for (const output of await fallback(event, conversation)) yield* fallbackParts(output);
      return;
    } finally {
      clearTimeout(timer);
      conversation.signal.removeEventListener('abort', stop);
      controller.abort();
    }
    yield* after;
  }

  return (event, conversation) => {
    // Echo answers, CSAT, handoff requests and `end` are the server's and the console's business.
    if (event.type !== 'message' && event.type !== 'choose') return [];
    return [{ stream: reply(event, conversation), name }];
  };
}

/** A fallback output as parts of the stream: its events, or the text of its own stream. */
async function* fallbackParts(output: AgentOutput): AsyncGenerator<string | AgentEvent> {
  if (!('stream' in output)) {
    yield output;
    return;
  }
  yield '\n\n';
  yield* output.stream;
}

/**
 * The agent the environment asks for: `OPENAI_BASE_URL` (default OpenAI's when only a key
 * is set), `OPENAI_API_KEY`, `ATTUNE_MODEL` (required with either), `ATTUNE_MODEL_TIMEOUT_MS`,
 * `ATTUNE_SYSTEM_PROMPT`. Undefined when none is set (no bot, as before).
 * @throws `AttuneError` `config/invalid` for a half-done setting (e.g. a key without a model).
 */
export function openAiAgentFromEnv(env: NodeJS.ProcessEnv, extra: Partial<OpenAiCompatibleAgentOptions> = {}): ServerAgent | undefined {
  const baseURL = env.OPENAI_BASE_URL?.trim();
  const apiKey = env.OPENAI_API_KEY?.trim();
  const model = env.ATTUNE_MODEL?.trim();
  if (!baseURL && !apiKey) return undefined;
  if (!model) throw new AttuneError('config/invalid', 'ATTUNE_MODEL must name the model when OPENAI_BASE_URL or OPENAI_API_KEY is set');
  const timeout = env.ATTUNE_MODEL_TIMEOUT_MS ? Number(env.ATTUNE_MODEL_TIMEOUT_MS) : undefined;
  return openAiCompatibleAgent({
    baseURL: baseURL || 'https://api.openai.com/v1',
    model,
    ...(apiKey ? { apiKey } : {}),
    ...(timeout === undefined ? {} : { timeoutMs: timeout }),
    ...(env.ATTUNE_SYSTEM_PROMPT ? { system: env.ATTUNE_SYSTEM_PROMPT } : {}),
    ...extra,
  });
}
