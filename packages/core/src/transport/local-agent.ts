import type { ClientEvent } from '../protocol.js';
import type { Transport, TransportContext } from '../conversation.types.js';
import { AttuneError } from '../errors.js';
import { sleep } from '../internal/backoff.js';
import type { LocalAgentOutput, LocalAgentInit, LocalAgentRuntime } from './local-agent.types.js';
import { createAgent } from '../agent/agent.js';
import type { Flow } from '../flow/flow.types.js';

export interface LocalAgentOptions {
  /** Pause (ms) while "typing" before each reply; default 600. */
  delayMs?: number;
  /** The agent to run; defaults to `createAgent` (the flow engine with the empathy policy). */
  runtime?: (init: LocalAgentInit) => LocalAgentRuntime;
}

/**
 * A transport that runs the agent in the page: no server. It acknowledges every client
 * event once (by id), shows typing around replies and numbers its events with `seq`
 * continuing from the conversation's last one, so a restored conversation resumes.
 *
 * @example
 * createConversation({ transport: localAgent(undefined, { delayMs: 0 }) });
 */
export function localAgent(flow?: Flow, options: LocalAgentOptions = {}): Transport {
  const delayMs = options.delayMs ?? 600;
  let context: TransportContext | undefined;
  let runtime: LocalAgentRuntime | undefined;
  let seq = 0;
  let chain: Promise<void> = Promise.resolve();
  const handled = new Set<string>();

  const deliver = (events: readonly LocalAgentOutput[]): void => {
    for (const event of events) context?.receive({ ...event, seq: ++seq });
  };
  const reply = async (work: () => Promise<LocalAgentOutput[]>, typing = true): Promise<void> => {
    const ctx = context;
    if (!ctx) return Promise.resolve();
    const run = async (): Promise<void> => {
      const events = await work();
      if (ctx.signal.aborted || !events.length) return;
      if (typing) {
        ctx.receive({ v: 1, type: 'typing', on: true });
        await sleep(delayMs, ctx.signal);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborted while we slept
        if (ctx.signal.aborted) return;
      }
      deliver(events);
      if (typing) ctx.receive({ v: 1, type: 'typing', on: false });
    };
    // One reply at a time, in the order the events came in.
    chain = chain.then(run).catch((cause: unknown) => {
      if (!ctx.signal.aborted) ctx.error(new AttuneError('flow/invalid', 'The local agent failed', { cause }));
    });
    return chain;
  };

  return {
    connect(ctx) {
      context = ctx;
      seq = Math.max(seq, ctx.lastSeq());
      const started = (runtime = (options.runtime ?? flowRuntime)({ flow, locale: ctx.locale, empathy: ctx.empathy, conversationId: ctx.conversationId }));
      ctx.status('open');
      // The greeting is on screen at once: a customer who types straight away must not see
      // it arrive after their own first message.
      if (ctx.lastSeq() === 0) void reply(() => started.start(), false);
    },
    async send(event: ClientEvent) {
      const ctx = context;
      const rt = runtime;
      if (!ctx || !rt || ctx.signal.aborted) throw new AttuneError('transport/closed', 'The local agent is not running', { retryable: true });
      const first = !handled.has(event.id);
      handled.add(event.id);
      // The ack goes out after `send` resolves, as it would over a network.
      queueMicrotask(() => ctx.signal.aborted || deliver([{ v: 1, type: 'ack', id: event.id }]));
      if (first) void reply(() => rt.handle(event));
    },
  };
}

/** Runs `createAgent` with ids unique to this conversation run (so a reload cannot reuse them). */
function flowRuntime(init: LocalAgentInit): LocalAgentRuntime {
  const agent = createAgent({
    flow: init.flow as Flow | undefined,
    locale: init.locale,
    empathy: init.empathy,
    idPrefix: `${init.conversationId}-${Date.now().toString(36)}-`,
  });
  const wire = (events: readonly Omit<LocalAgentOutput, 'v'>[]): LocalAgentOutput[] => events.map((e) => ({ v: 1, ...e }) as LocalAgentOutput);
  return {
    start: async () => wire(await agent.start()),
    handle: async (event) => wire(await agent.handle(event)),
  };
}
