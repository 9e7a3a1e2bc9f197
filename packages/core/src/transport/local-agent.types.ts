import type { ClientEvent, ServerEvent } from '../protocol.js';
import type { ResolvedEmpathyOptions } from '../conversation.types.js';

/** What an in-page agent produces; `localAgent` assigns `seq` (any given one is replaced). */
export type LocalAgentOutput = ServerEvent;

/** What `localAgent` needs from an agent that runs in the page. */
export interface LocalAgentRuntime {
  /** Opening events of a new conversation (e.g. a greeting). */
  start(): Promise<LocalAgentOutput[]>;
  /** The agent's answer to one client event (called once per event id). */
  handle(event: ClientEvent): Promise<LocalAgentOutput[]>;
}

/** What a runtime factory is given. */
export interface LocalAgentInit {
  flow: unknown;
  locale: string;
  empathy: ResolvedEmpathyOptions;
  conversationId: string;
}
