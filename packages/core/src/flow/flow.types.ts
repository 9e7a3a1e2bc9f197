/**
 * Text a product team writes: one string, or one per locale (`{ en: 'Hi', es: 'Hola' }`,
 * chosen by the conversation's locale, then its language, then the flow's `locale`,
 * then `en`, then the first). `{field}` placeholders take values collected earlier.
 */
export type FlowText = string | Readonly<Record<string, string>>;

/** One option of a `choose` step. */
export interface FlowOption {
  /** Unique within the step; reported as `optionId` when chosen. */
  id: string;
  label: FlowText;
  description?: FlowText;
  /** The step to go to when chosen. */
  next: string;
}

/** Two or three options: one or four is a type error (and a `flow/invalid` error at run time). */
export type FlowOptions = readonly [FlowOption, FlowOption] | readonly [FlowOption, FlowOption, FlowOption];

/** The agent says something, then goes on. */
export interface SayStep {
  type: 'say';
  text: FlowText;
  next: string;
}
/**
 * Listen: wait for the customer's message, paraphrase it back and wait for confirm or
 * correct (questions and thanks skip the echo). Then go to the step whose `triggers`
 * match what was understood, or to `next`.
 */
export interface EchoStep {
  type: 'echo';
  next: string;
}
/** Offer an option picker (2–3 options). */
export interface ChooseStep {
  type: 'choose';
  prompt: FlowText;
  options: FlowOptions;
}
/** Ask for a value (an order number…), kept as `{field}` for later texts. */
export interface CollectStep {
  type: 'collect';
  field: string;
  prompt: FlowText;
  next: string;
  /** A regular expression the answer must match (searched, not anchored); asked again otherwise. */
  pattern?: string;
}
/** Hand over to a person, with the recap so far. Ends the flow. */
export interface HandoffStep {
  type: 'handoff';
  text?: FlowText;
}
/** Close with a recap, then a satisfaction question. Ends the flow. */
export interface RecapStep {
  type: 'recap';
  /** Default: what the customer confirmed. */
  understood?: FlowText;
  /** Added to what the conversation did (chosen options, collected values). */
  done?: readonly FlowText[];
  nextStep: { who: FlowText; what: FlowText; when?: FlowText };
  resolved: boolean;
}
/** End without more words: an unresolved recap and the satisfaction question. */
export interface EndStep {
  type: 'end';
}

export type FlowStep = SayStep | EchoStep | ChooseStep | CollectStep | HandoffStep | RecapStep | EndStep;
export type FlowStepType = FlowStep['type'];

/**
 * A conversation flow, JSON-serialisable (see `flowSchema`).
 * @example
 * {
 *   "id": "returns", "start": "hi",
 *   "triggers": { "refund": ["refund", "money back"] },
 *   "steps": {
 *     "hi": { "type": "say", "text": "Hi! What happened?", "next": "listen" },
 *     "listen": { "type": "echo", "next": "refund" },
 *     "refund": { "type": "recap", "nextStep": { "who": "We", "what": "refund you", "when": "within 3 days" }, "resolved": true }
 *   }
 * }
 */
export interface FlowDefinition {
  id: string;
  /** Format version; only 1 exists. */
  version?: 1;
  /** Id of the first step. */
  start: string;
  /** Locale of plain-string texts (default `en`). */
  locale?: string;
  /** Step id → keywords or phrases; a customer's words that contain one jump to that step. Case- and accent-insensitive; a keyword matches the start of a word ("refund" matches "refunded"). */
  triggers?: Readonly<Record<string, readonly string[]>>;
  steps: Readonly<Record<string, FlowStep>>;
}

/** A validated flow, returned by `defineFlow`. */
export interface Flow extends FlowDefinition {
  readonly version: 1;
}
