export { paraphrase } from './paraphrase.js';
export { reflectPronouns, expandContractions } from './reflect.js';
export { createEchoer } from './echoer.js';
export type { EchoEmotion, ParaphraseOptions, ParaphraseResult } from './paraphrase.js';
export type { Echoer, EchoerOptions, Paraphraser } from './echoer.js';
