/**
 * `@attune/core/testing`: helpers for testing code built on Attune.
 */
export { createScriptedTransport } from './scripted-transport.js';
export { seededRandom } from './seeded-random.js';
export type { ScriptedAttempt, ScriptedServerEvent, ScriptedTransport, ScriptedTransportOptions } from './scripted-transport.js';
