export { createAgent } from './agent.js';
export type { Agent, AgentOptions, AgentOutput } from './agent.js';
