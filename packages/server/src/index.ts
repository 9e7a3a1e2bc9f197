// The public surface of @attune/server: explicit names only.
export { createServer } from './app.js';
export type { CreateServerOptions, RunningServer } from './app.js';
export type { ServerConfig } from './config.js';
export { DEFAULTS, configFromEnv, resolveConfig } from './config.js';
export type { ServerAgent, AgentOutput, AgentEvent, WireEvent } from './conversations.js';
export { hashPassword, sha256 } from './auth/agents.js';
export type { AgentAccount } from './auth/agents.js';
export { mintIdentityToken } from './auth/tokens.js';
export { memoryStore } from './store/memory.js';
export { fileStore } from './store/file.js';
export { localBus } from './bus/local.js';
export type { ConversationStore, ConversationMeta, AppendInput, AppendResult, ListQuery, ListPage } from './store/types.js';
export type { Bus, BusMessage } from './bus/types.js';
