import type { AttuneError } from './errors.js';

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

export type Sender = 'customer' | 'agent' | 'system';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** Fields every message has. `id` is stable for the life of the conversation. */
export interface MessageBase {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  /** Server sequence number of the event that last changed this message, when it came from a server. */
  seq?: number;
}

/**
 * Words from the customer, an agent (person or bot) or the system.
 * Customer messages carry a client-generated `id` that the server echoes back.
 */
export interface TextMessage extends MessageBase {
  kind: 'text';
  from: Sender;
  text: string;
  /** Delivery state; agent and system messages are always `sent`. */
  status: DeliveryStatus;
  /** Set when `status` is `failed`. */
  error?: { code: string; message: string };
  /** What kind of empathy move an agent line is, for analytics and the no-repeat rule. */
  tags?: readonly MessageTag[];
  /** Agent display name, when a person speaks. */
  name?: string;
  /** True while the reply is still streaming in (protocol v1.1); `text` grows until the final text replaces it. */
  streaming?: boolean;
  /** The customer stopped this reply (`Conversation.stop()`): `text` is what had arrived. */
  stopped?: boolean;
  /**
   * The text as the agent sent it, when the guardrails show less (`text` is what is shown:
   * extra apologies, repeated empathy phrases dropped). Streamed deltas apply to this.
   */
  rawText?: string;
  /** The customer's thumbs on this agent or bot line (`Conversation.feedback()`), absent until given or once cleared. */
  feedback?: MessageFeedback;
  /** Marks a server put on a customer line, e.g. `abuse` (teammate protection: the console blurs it). */
  flags?: readonly MessageFlag[];
}

/** A thumbs up or down on one agent or bot message, with the optional reason. */
export interface MessageFeedback {
  value: 'up' | 'down';
  reason?: string;
}

/** What a server may mark on a customer message: `abuse` = insults, slurs or threats aimed at the team. */
export type MessageFlag = 'abuse';

export type MessageTag = 'acknowledgment' | 'apology' | 'care' | 'action' | 'question';

export type EchoState = 'proposed' | 'confirmed' | 'corrected';

/** A paraphrase echo: the agent says back what it heard and asks if it got it right. */
export interface EchoMessage extends MessageBase {
  kind: 'echo';
  /** Id of the customer message it reflects. */
  about: string;
  /** The whole line shown, e.g. "It sounds like your order hasn't arrived — did I get that right?" */
  text: string;
  /** Only the reflected clause, e.g. "your order hasn't arrived". */
  reflection: string;
  emotion?: string | null;
  state: EchoState;
  /** The customer's correction, when `state` is `corrected`. */
  correction?: string;
}

export interface ChoiceOption {
  id: string;
  label: string;
  description?: string;
}

/** Two or three options: enforced by the type and, at run time, by `optionPicker`. */
export type ChoiceOptions = readonly [ChoiceOption, ChoiceOption] | readonly [ChoiceOption, ChoiceOption, ChoiceOption];

/** An option picker: the customer picks one of two or three ways forward. */
export interface ChoiceMessage extends MessageBase {
  kind: 'choice';
  prompt: string;
  options: ChoiceOptions;
  /** Id of the chosen option, once chosen. */
  chosen?: string;
  /** `handoff` marks the "talk to a person?" choice. */
  purpose?: 'flow' | 'handoff';
  /** For `purpose: 'handoff'`: why a person is offered. */
  reason?: HandoffReason;
  /** For `purpose: 'handoff'`: the recap so far, handed to the person if the customer accepts. */
  recap?: RecapData;
}

/** Who does what, by when. */
export interface NextStep {
  who: string;
  what: string;
  when?: string;
}

/** The content of a closing recap (also carried by a handoff so nobody asks twice). */
export interface RecapData {
  understood: string;
  done: readonly string[];
  nextStep: NextStep;
  resolved: boolean;
  /** The care line that closes it. */
  care: string;
  /** For unresolved recaps: the line acknowledging the impact. */
  impact?: string;
}

/** A closing recap: what was understood, what was done, the next step, then a care line. */
export interface RecapMessage extends MessageBase, RecapData {
  kind: 'recap';
}

export type HandoffState = 'offered' | 'requested' | 'waiting' | 'connected' | 'declined' | 'ended';

/** A notice about handing the conversation to a person. */
export interface HandoffMessage extends MessageBase {
  kind: 'handoff';
  state: HandoffState;
  text: string;
  agentName?: string;
  /** The recap so far, handed to the person who takes over. */
  recap?: RecapData;
  reason?: HandoffReason;
}

/** Why a person is offered or asked for; `abuse`: the customer's words were abusive (teammate protection). */
export type HandoffReason = 'requested' | 'negative-tone' | 'corrections' | 'abuse';

/** A satisfaction question after the recap: one tap to rate, optional comment. */
export interface CsatMessage extends MessageBase {
  kind: 'csat';
  prompt: string;
  /** Highest score (lowest is 1). */
  scale: 5;
  score?: number;
  comment?: string;
}

export type Message = TextMessage | EchoMessage | ChoiceMessage | RecapMessage | HandoffMessage | CsatMessage;
export type MessageKind = Message['kind'];

// ---------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------

export type ConversationStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

export type Tone = 'frustration' | 'anxiety' | 'confusion' | 'sadness' | 'satisfaction' | 'neutral';

/** The tone of the customer's latest message. */
export interface ToneSummary {
  tone: Tone;
  intensity: number;
  urgency: boolean;
}

/**
 * Immutable view of a conversation. `getSnapshot()` returns the same object until
 * something changes, so it is safe for `useSyncExternalStore` and Lit controllers.
 */
export interface ConversationSnapshot {
  readonly id: string;
  readonly status: ConversationStatus;
  readonly messages: readonly Message[];
  /** True while the other side is typing. */
  readonly typing: boolean;
  readonly tone: ToneSummary | null;
  /** The last error that needs the user's attention (cleared when resolved). */
  readonly error: AttuneError | null;
}
