// The public surface of @attune/server: explicit names only.
export type { ConversationStore, ConversationMeta, AppendInput, AppendResult, ListQuery, ListPage } from './store/types.js';
export type { Bus, BusMessage } from './bus/types.js';
