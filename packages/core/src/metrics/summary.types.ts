import type { AbuseKind } from '../abuse/detect-abuse.js';
import type { AnalyticsEvent } from '../conversation.types.js';
import type { FeedbackEvent } from '../feedback/feedback.js';
import type { ClientEvent, ServerEvent } from '../protocol.js';
import type { ConversationSnapshot, HandoffReason, Message, Tone } from '../types.js';

/**
 * One entry of an event log `summarizeConversation` can read: a wire event from either
 * side (`v` set; client events may carry the time they were received as `at`) or an
 * analytics event from `conversation.on('*', …)`. Event types it does not know (e.g.
 * streaming `delta`s) are skipped, so logs from newer protocol versions still read.
 */
export type SummaryEvent = ServerEvent | (ClientEvent & { at?: number }) | FeedbackEvent | AnalyticsEvent;

/** What `summarizeConversation` reads: a snapshot (or anything with `messages`), or an event log. */
export type SummaryInput =
  | ConversationSnapshot
  | { readonly id?: string; readonly status?: ConversationSnapshot['status']; readonly messages: readonly Message[] }
  | readonly SummaryEvent[];

export interface SummarizeOptions {
  /** Conversation id, when the input does not carry one. */
  id?: string | undefined;
  /** Apologies allowed per conversation (default 1, as in the empathy policy). */
  maxApologies?: number | undefined;
  /** Reads a customer message's tone (default `detectTone`); plug in your own model. */
  toneOf?: ((text: string) => { tone: Tone; intensity: number }) | undefined;
  /** Flags abuse aimed at the team (default `detectAbuse`). */
  abuseOf?: ((text: string) => { abusive: boolean; kind: AbuseKind | null }) | undefined;
}

/** Result of one QA criterion. `na` means there was nothing to judge. */
export type CriterionResult = 'pass' | 'fail' | 'na';

export interface Criterion {
  result: CriterionResult;
  /** Why, in one sentence a lead can read. */
  note: string;
  /** Ids of the messages that show it, in transcript order, for a click-through. */
  evidence: readonly string[];
}

export type CriterionName = 'greeting' | 'comprehension' | 'empathy' | 'solution' | 'closing' | 'sentiment';

/** The QA scorecard: the criteria help desks score (Zendesk QA, Front Smart QA), judged from structured evidence. */
export type Scorecard = Readonly<Record<CriterionName, Criterion>>;

/** One point of the tone path: a customer message and how it read. */
export interface TonePoint {
  messageId: string;
  tone: Tone;
  intensity: number;
  /** −1 (strongly negative) … +1 (satisfied). */
  valence: number;
}

export interface TonePath {
  first: TonePoint | null;
  /** The most negative point (the first of equals). */
  worst: TonePoint | null;
  last: TonePoint | null;
  /** Last reads better than first (or a negative start ended non-negative); null with fewer than two points. */
  improved: boolean | null;
  points: readonly TonePoint[];
}

export interface HandoffSummary {
  /** Times a person was offered (a handoff choice or an `offered` notice), with why. */
  offered: readonly { messageId: string; reason: HandoffReason | null }[];
  /** A person was asked for or accepted. */
  taken: boolean;
  /** Why it was taken: the accepted offer's reason, or `requested`. */
  reason: HandoffReason | null;
  /** The message that shows it was taken. */
  messageId: string | null;
  /** A person joined (`connected`). */
  connected: boolean;
}

export interface RecapSummary {
  shown: boolean;
  messageId: string | null;
  /** The next step names who, what and by when. */
  who: boolean;
  what: boolean;
  when: boolean;
}

/** Everything measured in one conversation. Times are milliseconds; null when it did not happen. */
export interface ConversationSummary {
  id: string;
  /** Time of the first and last message (epoch ms), null for an empty transcript. */
  startedAt: number | null;
  endedAt: number | null;
  /** The conversation was closed: status `closed`, an `end` event, or a closing recap shown. */
  closed: boolean;
  customerMessages: number;
  timings: {
    /** From the customer's first message to the first reply. */
    firstReplyMs: number | null;
    /** For every later customer message that got a reply: the wait until it. */
    nextReplyMs: readonly number[];
    /** From the customer's first message to the first next step (an action, a choice, a handoff offer or a recap). */
    firstNextStepMs: number | null;
    /** From the customer's first message to a resolved recap. */
    resolutionMs: number | null;
    /** From a person being requested to one joining. */
    handoffWaitMs: number | null;
  };
  echoes: { proposed: number; confirmed: number; corrected: number };
  apologies: { count: number; messageIds: readonly string[] };
  empathyPhrases: {
    /** Acknowledgment and care lines used. */
    count: number;
    messageIds: readonly string[];
    /** Lines said more than once (should be empty). */
    repeated: readonly string[];
  };
  /** Acknowledgments with no action, question, echo or choice in the same turn (should be 0). */
  acknowledgmentsWithoutAction: { count: number; messageIds: readonly string[] };
  options: { offered: number; chosen: number };
  handoff: HandoffSummary;
  recap: RecapSummary;
  resolved: boolean;
  csat: { asked: boolean; score: number | null; comment: string | null };
  tone: TonePath;
  abuse: {
    /** Customer messages flagged as abuse aimed at the team. */
    count: number;
    messageIds: readonly string[];
    kinds: readonly AbuseKind[];
    /** Apologies that answered an abusive message (the policy must never do that). */
    apologiesAfterAbuse: readonly string[];
  };
  /** Per-message thumbs from `feedback` events. */
  feedback: { up: number; down: number };
  scorecard: Scorecard;
}

/** Median and tail of one duration, over the conversations where it happened. */
export interface Distribution {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** A share with its counts, so a dashboard can show "12 of 40". `rate` is null when `of` is 0. */
export interface Rate {
  count: number;
  of: number;
  rate: number | null;
}

/** Team figures over many conversations. */
export interface AggregateSummary {
  conversations: number;
  timings: {
    firstReplyMs: Distribution;
    nextReplyMs: Distribution;
    firstNextStepMs: Distribution;
    resolutionMs: Distribution;
    handoffWaitMs: Distribution;
  };
  rates: {
    resolved: Rate;
    /** Echoes confirmed out of echoes the customer answered. */
    echoConfirmed: Rate;
    handoffOffered: Rate;
    handoffTaken: Rate;
    /** Conversations asked for CSAT that got a score. */
    csatAnswered: Rate;
    /** Conversations with at least one abusive message. */
    abusive: Rate;
    /** Conversations that started negative and improved. */
    toneImproved: Rate;
    /** Conversations with at least one bare acknowledgment. */
    acknowledgmentWithoutAction: Rate;
  };
  csat: {
    mean: number | null;
    count: number;
    /** CSAT by the tone of the customer's first message. */
    byStartingTone: Readonly<Partial<Record<Tone, { mean: number; count: number }>>>;
  };
  /** Per criterion: passes out of judged (pass + fail); `na` counted apart. */
  scorecard: Readonly<Record<CriterionName, Rate & { na: number }>>;
  totals: {
    apologies: number;
    empathyPhrases: number;
    acknowledgmentsWithoutAction: number;
    abusiveMessages: number;
    feedbackUp: number;
    feedbackDown: number;
  };
}
