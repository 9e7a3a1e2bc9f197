// A bounded reader of an OpenAI-compatible chat-completions stream (`stream: true`):
// `data: {chat.completion.chunk}` events ending with `data: [DONE]`. The model is hostile
// input like any client: every event, the reply, each tool call and their number are
// bounded; bad JSON or a wrong shape is a coded `model/invalid`; unknown fields are ignored.
import { AttuneError, createSseParser } from '@attune/core';

export interface ChatStreamLimits {
  /** Longest SSE event (characters). */
  maxEventChars: number;
  /** Longest reply text (characters); past it the reply is cut there. */
  maxReplyChars: number;
  /** Longest arguments of one tool call (characters). */
  maxToolArgsChars: number;
  /** Most tool calls in one reply. */
  maxToolCalls: number;
}

export const CHAT_STREAM_LIMITS: ChatStreamLimits = { maxEventChars: 256 * 1024, maxReplyChars: 8000, maxToolArgsChars: 16 * 1024, maxToolCalls: 8 };

export interface ToolCall {
  id: string;
  name: string;
  /** The raw JSON text the model wrote (parsed by whoever runs the tool). */
  arguments: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** What one stream yields: text as it arrives, then one `end` with the merged tool calls. */
export type ChatStreamPart =
  { type: 'text'; text: string } | { type: 'end'; toolCalls: ToolCall[]; usage: Usage | null; finishReason: string | null; truncated: boolean };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const invalid = (message: string): AttuneError => new AttuneError('model/invalid', `The model's stream: ${message}`);

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
  oversize: boolean;
}

/**
 * Reads `body` (the response of a streaming chat-completions request). `onOversizeCall`
 * hears of a tool call dropped for its size; the rest of the reply goes on.
 * @throws `AttuneError` `model/invalid` (bad JSON, a chunk of the wrong shape, no `[DONE]`
 * and no finish reason) or `model/oversize` (one event past `maxEventChars`).
 */
export async function* readChatStream(
  body: ReadableStream<Uint8Array>,
  limits: ChatStreamLimits = CHAT_STREAM_LIMITS,
  onDropped: (error: AttuneError) => void = () => undefined,
  signal?: AbortSignal,
): AsyncGenerator<ChatStreamPart> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  // A custom `fetch` may ignore the signal: cancelling the reader ends a pending read anyway.
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  const events: string[] = [];
  let oversize = false;
  const parser = createSseParser((event) => events.push(event.data), { max: limits.maxEventChars, onOversize: () => (oversize = true) });
  const calls = new Map<number, PendingCall>();
  let usage: Usage | null = null;
  let finishReason: string | null = null;
  let length = 0;
  let truncated = false;
  let done = false;

  const toolDelta = (raw: unknown): void => {
    if (!isObject(raw)) throw invalid('a tool call delta is not an object');
    const index = raw.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 1000) throw invalid('a tool call delta has no valid index');
    let call = calls.get(index);
    if (!call) {
      if (calls.size >= limits.maxToolCalls) {
        onDropped(new AttuneError('model/oversize', `More than ${String(limits.maxToolCalls)} tool calls in one reply; the rest are dropped`));
        calls.set(index, (call = { id: '', name: '', arguments: '', oversize: true }));
      } else calls.set(index, (call = { id: '', name: '', arguments: '', oversize: false }));
    }
    if (typeof raw.id === 'string' && raw.id && !call.id) call.id = raw.id.slice(0, 128);
    const fn = raw.function;
    if (fn === undefined) return;
    if (!isObject(fn)) throw invalid('a tool call delta has a malformed "function"');
    if (typeof fn.name === 'string') call.name = (call.name + fn.name).slice(0, 128);
    if (typeof fn.arguments === 'string' && !call.oversize) {
      call.arguments += fn.arguments;
      if (call.arguments.length > limits.maxToolArgsChars) {
        call.oversize = true;
        call.arguments = '';
        onDropped(
          new AttuneError(
            'model/oversize',
            `The arguments of tool call ${String(index)} passed ${String(limits.maxToolArgsChars)} characters; the call is dropped`,
          ),
        );
      }
    }
  };

  /** The text in one chunk (after merging its tool deltas). */
  const chunk = (data: string): string => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw invalid(`an event is not JSON (${JSON.stringify(data.slice(0, 60))})`);
    }
    if (!isObject(parsed)) throw invalid('an event is not a JSON object');
    // Some servers report a failure mid-stream as `{ error: { message } }`.
    if (isObject(parsed.error)) throw new AttuneError('model/http', `The model reported an error mid-stream: ${String(parsed.error.message).slice(0, 200)}`);
    if (isObject(parsed.usage)) {
      const u = parsed.usage;
      const n = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);
      usage = { promptTokens: n(u.prompt_tokens), completionTokens: n(u.completion_tokens), totalTokens: n(u.total_tokens) };
    }
    const choices = parsed.choices ?? [];
    if (!Array.isArray(choices)) throw invalid('"choices" is not a list');
    let text = '';
    for (const choice of choices as unknown[]) {
      if (!isObject(choice)) throw invalid('a choice is not an object');
      // Only the first choice is the reply (n > 1 is never asked for).
      if (choice.index !== undefined && choice.index !== 0) continue;
      if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason.slice(0, 40);
      const delta = choice.delta;
      if (delta === undefined || delta === null) continue;
      if (!isObject(delta)) throw invalid('a delta is not an object');
      if (typeof delta.content === 'string') text += delta.content;
      else if (delta.content !== undefined && delta.content !== null) throw invalid('a delta\'s "content" is not a string');
      if (delta.tool_calls !== undefined && delta.tool_calls !== null) {
        if (!Array.isArray(delta.tool_calls)) throw invalid('"tool_calls" is not a list');
        for (const call of delta.tool_calls as unknown[]) toolDelta(call);
      }
    }
    return text;
  };

  try {
    while (!done) {
      const read = await reader.read();
      if (signal?.aborted) throw new AttuneError('model/timeout', 'The read was aborted');
      if (read.done) parser.push(decoder.decode());
      else parser.push(decoder.decode(read.value, { stream: true }));
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- `oversize` is set by the parser callback during push()
      if (oversize) throw new AttuneError('model/oversize', `An event of the model's stream passed ${String(limits.maxEventChars)} characters`);
      for (const data of events.splice(0)) {
        if (data.trim() === '[DONE]') {
          done = true;
          break;
        }
        const text = chunk(data);
        if (!text || truncated) continue;
        const room = limits.maxReplyChars - length;
        const part = text.length > room ? text.slice(0, room) : text;
        if (part.length < text.length) {
          truncated = true;
          onDropped(new AttuneError('model/oversize', `The reply passed ${String(limits.maxReplyChars)} characters; the rest is cut`));
        }
        length += part.length;
        if (part) yield { type: 'text', text: part };
      }
      if (read.done) break;
    }
    // A stream that just ends (no [DONE]) is complete only if the model said why it stopped.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- `done` and `finishReason` are set inside the loop's callbacks
    if (!done && finishReason === null) throw invalid('it ended without [DONE] or a finish reason');
  } finally {
    signal?.removeEventListener('abort', cancel);
    await reader.cancel().catch(() => undefined);
  }
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, call]) => !call.oversize)
    .map(([index, call]) => ({ id: call.id || `call_${String(index)}`, name: call.name, arguments: call.arguments }));
  yield { type: 'end', toolCalls, usage, finishReason, truncated };
}
