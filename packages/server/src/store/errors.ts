/** Codes a ConversationStore rejects with; routes map them to HTTP statuses. */
export type StoreErrorCode = 'store/exists' | 'store/not-found' | 'store/invalid' | 'store/cursor' | 'store/unavailable';

/** A store failure with a stable `code`; `retryable` when trying again later may succeed. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly retryable: boolean;
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}
