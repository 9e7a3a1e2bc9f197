import type { ServerEvent } from '@attune/core';

export interface ConversationMeta {
  id: string; // server-issued, >= 128 random bits, base64url
  createdAt: number; // ms epoch
  updatedAt: number;
  lastSeq: number; // highest stored seq (gapless from 1)
  epoch: string; // log epoch: changes when the log is reset/restored (client re-syncs)
  firstWords: string; // first customer words, for the console list (<= 80 chars)
  state: 'open' | 'handoff' | 'closed';
  size: number; // stored bytes, for per-conversation limits
}

export interface AppendInput {
  event: Omit<ServerEvent, 'seq' | 'v'>; // what to store; the store assigns seq
  /** Idempotency key: the client's message id, namespaced by author ('c:<id>' customer,
   *  's:<id>' server/agent). The same key twice stores once and returns the first event. */
  key?: string;
}

export interface AppendResult {
  event: ServerEvent;
  duplicate: boolean;
}

export interface ListQuery {
  limit: number;
  cursor?: string;
  from?: number;
  to?: number;
  state?: ConversationMeta['state'];
}
export interface ListPage {
  items: ConversationMeta[];
  next?: string;
  skipped?: { id: string; reason: string }[];
}

export interface ConversationStore {
  /** Creates a conversation; rejects with code 'store/exists' if the id is taken. */
  create(id: string, at: number): Promise<ConversationMeta>;
  get(id: string): Promise<ConversationMeta | undefined>;
  /** Appends in order, durably (fsync / COMMIT) BEFORE resolving; gapless seq per conversation. */
  append(id: string, input: AppendInput): Promise<AppendResult>;
  /** Events with seq > since, ascending, at most `limit` (default all). */
  read(id: string, since: number, limit?: number): Promise<ServerEvent[]>;
  setState(id: string, state: ConversationMeta['state']): Promise<void>;
  /** Paginated, newest updatedAt first; corrupt entries are skipped and reported in `skipped`. */
  list(query: ListQuery): Promise<ListPage>;
  /** Deletes conversations not updated since `before` (retention). Returns how many. */
  prune(before: number): Promise<number>;
  close(): Promise<void>;
  /** Optional (metrics): conversations created in [from, to), oldest first, at most `limit`. Without it, metrics page through `list`. */
  createdBetween?(from: number, to: number, limit: number): Promise<ConversationMeta[]>;
  /** Optional (metrics): whole logs of several conversations in one round trip; missing ids are left out. */
  readMany?(ids: readonly string[]): Promise<Map<string, ServerEvent[]>>;
  /**
   * Agent console logouts, shared by every process on this store: `sid` stays revoked until
   * `expiresAt` (ms epoch), when its signed cookie expires anyway. Optional: without them a
   * logout holds only in the process that handled it.
   */
  revokeSession?(sid: string, expiresAt: number): Promise<void>;
  sessionRevoked?(sid: string): Promise<boolean>;
}
