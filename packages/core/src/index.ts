// The public surface of @attune/core: explicit names only (no `export *`).
export { AttuneError, isAttuneError } from './errors.js';
export type { AttuneErrorCode, AttuneErrorDetail, AttuneErrorOptions } from './errors.js';
export { PROTOCOL_VERSION } from './protocol.js';
export type { ClientEvent, ClientEventType, ServerEvent, ServerEventType } from './protocol.js';
export type {
  ChoiceMessage,
  ChoiceOption,
  ChoiceOptions,
  ConversationSnapshot,
  ConversationStatus,
  CsatMessage,
  DeliveryStatus,
  EchoMessage,
  EchoState,
  HandoffMessage,
  HandoffReason,
  HandoffState,
  Message,
  MessageBase,
  MessageKind,
  MessageTag,
  NextStep,
  RecapData,
  RecapMessage,
  Sender,
  TextMessage,
  Tone,
  ToneSummary,
} from './types.js';
export type {
  AnalyticsEvent,
  AnalyticsEventMap,
  AnalyticsEventType,
  Conversation,
  ConversationOptions,
  EmpathyOptions,
  Listener,
  Paraphraser,
  ResolvedEmpathyOptions,
  StorageAdapter,
  StorageOption,
  Transport,
  TransportContext,
  TransportStatus,
} from './conversation.types.js';

// Conversation engine
export { createConversation } from './conversation/index.js';
export { createConversationOwner } from './conversation/owner.js';
export type { ConversationOwner, OwnedActions } from './conversation/owner.js';
export { localAgent, httpTransport, webSocketTransport, createSseParser } from './transport/index.js';
export type {
  LocalAgentOptions,
  LocalAgentOutput,
  LocalAgentInit,
  LocalAgentRuntime,
  HttpTransportOptions,
  WebSocketConstructor,
  WebSocketLike,
  WebSocketTransportOptions,
  SseEvent,
  SseParser,
  SseParserOptions,
  ReconnectOptions,
} from './transport/index.js';
export { memoryStorage, webStorage } from './storage/index.js';
export type { WebStorageOptions } from './storage/index.js';
export { parseServerEvent, parseClientEvent } from './protocol.js';
// Link safety (small; the markdown parser itself is `@attune/core/markdown`)
export { safeHref, displayUrl, misleadingLinkText } from './markdown/links.js';
export { applyServerEvent } from './conversation/apply-server-event.js';
export { createGuardrails } from './guardrails/guardrails.js';
export type { GuardedText, GuardrailOptions, GuardrailRule, Guardrails } from './guardrails/guardrails.js';
export { splitSentences } from './guardrails/sentences.js';
export type { Sentence } from './guardrails/sentences.js';
export { EMPATHY_DEFAULTS, HANDOFF_OPTION_ID, MAX_ID_LENGTH, MAX_OPTIONS, MIN_OPTIONS, hasOptionCount, isMessageId, resolveEmpathy } from './rules.js';
export { shallowEqual } from './shallow-equal.js';

// Empathy primitives
export { detectTone } from './tone/index.js';
export type { ToneResult } from './tone/index.js';
export { paraphrase, reflectPronouns, createEchoer, checkSendable, hasPii, topicsOf, supportTopics, SENDABLE_CONFIDENCE } from './paraphrase/index.js';
export type {
  EchoEmotion,
  ParaphraseOptions,
  ParaphraseResult,
  Echoer,
  EchoerOptions,
  GateReason,
  GateResult,
  SupportTopic,
  TopicMatch,
} from './paraphrase/index.js';
export {
  optionPicker,
  validateOptions,
  connectOptionPicker,
  optionPickerKeyIntent,
  connectEcho,
  closingRecap,
  buildRecap,
  extractNextStep,
  connectRecap,
  csatPrompt,
  connectCsat,
  interpretTypedReply,
  isPromptOpen,
  normalizeReply,
  openPrompts,
  optionPickerAnatomy,
  echoAnatomy,
  closingRecapAnatomy,
  csatAnatomy,
} from './primitives/index.js';
export type {
  OptionPicker,
  OptionPickerApi,
  OptionPickerContext,
  OptionPickerInput,
  OptionPickerIntent,
  OptionPickerOptionProps,
  OptionPickerRootProps,
  EchoApi,
  EchoContext,
  BuildRecapOptions,
  ClosingRecapInput,
  ClosingRecapOptions,
  RecapApi,
  RecapSection,
  RecapSectionName,
  CsatApi,
  CsatContext,
  CsatPrompt,
  DataAttributes,
  KeyEventLike,
  PhraseSource,
  OpenPrompts,
  TypedReply,
  AnatomyPart,
} from './primitives/index.js';
export { defineFlow, flowSchema, demoFlow, resolveText } from './flow/index.js';
export type {
  Flow,
  FlowDefinition,
  FlowStep,
  FlowStepType,
  FlowText,
  FlowOption,
  FlowOptions,
  SayStep,
  EchoStep,
  ChooseStep,
  CollectStep,
  HandoffStep,
  RecapStep,
  EndStep,
} from './flow/index.js';
export { createEmpathyPolicy, isHumanRequest } from './policy/index.js';
export type { Acknowledgment, EmpathyPolicy, EmpathyPolicyOptions, HandoffOffer, ToneReading, TurnPart } from './policy/index.js';
export { createAgent } from './agent/agent.js';
export type { Agent, AgentOptions, AgentOutput } from './agent/agent.js';

// i18n
export { createTranslator, detectDirection, registerMessages } from './i18n/index.js';
export type {
  MessageKey,
  MessageOverride,
  MessageValue,
  Messages,
  PickOptions,
  Picked,
  PluralForms,
  Translator,
  TranslatorOptions,
  Vars,
} from './i18n/index.js';

// Measurement and teammate protection. The detailed types (Scorecard, Criterion, TonePath,
// Distribution…) are at `@attune/core/metrics`, which bundles nothing else.
export { summarizeConversation, aggregateSummaries } from './metrics/index.js';
export type { AggregateSummary, ConversationSummary, SummarizeOptions, SummaryEvent, SummaryInput } from './metrics/index.js';
export { detectAbuse } from './abuse/index.js';
export type { AbuseKind, AbuseResult } from './abuse/index.js';
export { FEEDBACK_REASON_MAX, parseFeedbackEvent, validateFeedback } from './feedback/index.js';
export type { Feedback, FeedbackEvent, FeedbackValue } from './feedback/index.js';
