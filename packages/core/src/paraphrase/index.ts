export { paraphrase, SENDABLE_CONFIDENCE } from './paraphrase.js';
export { reflectPronouns, expandContractions } from './reflect.js';
export { createEchoer } from './echoer.js';
export { checkSendable, hasPii } from './gate.js';
export { topicsOf, supportTopics } from './topics.js';
export type { EchoEmotion, ParaphraseOptions, ParaphraseResult } from './paraphrase.js';
export type { Echoer, EchoerOptions } from './echoer.js';
export type { GateReason, GateResult } from './gate.js';
export type { SupportTopic, TopicMatch } from './topics.js';
