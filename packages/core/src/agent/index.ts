// `@attune/core/agent`: the in-page agent and its empathy engine (flow runner, policy,
// paraphraser, tone model, catalogs). Kept out of `createConversation`, which loads it
// on demand only when no transport is given; a page that talks to a server never
// downloads it. The main entry re-exports these names too (tree-shaken when unused).
export { createAgent } from './agent.js';
export type { Agent, AgentOptions, AgentOutput } from './agent.js';
export { localAgent } from '../transport/local-agent.js';
export type { LocalAgentOptions } from '../transport/local-agent.js';
export type { LocalAgentOutput, LocalAgentInit, LocalAgentRuntime } from '../transport/local-agent.types.js';
export { defineFlow, demoFlow } from '../flow/index.js';
export type { Flow, FlowDefinition } from '../flow/index.js';
export { createEmpathyPolicy } from '../policy/index.js';
export { createEchoer } from '../paraphrase/index.js';
export { detectTone } from '../tone/index.js';
