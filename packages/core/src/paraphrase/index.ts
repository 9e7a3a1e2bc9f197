export { paraphrase } from './paraphrase.js';
export { reflectPronouns } from './reflect.js';
export { createEchoer } from './echoer.js';
export type { EchoEmotion, ParaphraseOptions, ParaphraseResult } from './paraphrase.js';
export type { Echoer, EchoerOptions } from './echoer.js';
