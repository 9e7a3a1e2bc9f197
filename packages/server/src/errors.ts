import { isAttuneError } from '@attune/core';

/** Every refusal the server sends: an HTTP status and a stable `code` in a JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Thrown by a store when an id is taken, unknown or its file is unreadable. */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'store/exists'
      | 'store/not-found'
      | 'store/corrupt'
      | 'store/locked'
      | 'store/closed'
      | 'store/too-large'
      | 'store/invalid'
      | 'store/cursor'
      | 'store/unavailable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Maps anything thrown while handling a request to the HTTP answer. Validation errors
 * from core (`AttuneError`) are the client's fault (400); store errors map to their
 * meaning; everything else is a 500 whose details stay in the server log.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isAttuneError(error)) {
    const status = error.code === 'input/too-long' ? 413 : 400;
    return new HttpError(status, error.code, error.message, error.details);
  }
  if (error instanceof StoreError) {
    const status =
      error.code === 'store/not-found'
        ? 404
        : error.code === 'store/exists'
          ? 409
          : error.code === 'store/too-large'
            ? 413
            : error.code === 'store/invalid' || error.code === 'store/cursor'
              ? 400
              : 503;
    return new HttpError(status, error.code, error.message);
  }
  // Fastify's own errors (bad JSON, wrong content type, body too large…) carry a statusCode.
  const fastify = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const code = FASTIFY_CODES[String(fastify.code)] ?? 'request/invalid';
    return new HttpError(fastify.statusCode, code, typeof fastify.message === 'string' ? fastify.message : 'Bad request');
  }
  return new HttpError(500, 'server/internal', 'Internal error');
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request/content-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request/content-length',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body/too-large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'protocol/invalid',
  FST_ERR_CTP_INVALID_JSON_BODY: 'protocol/invalid',
  FST_ERR_BAD_URL: 'request/url',
  FST_ERR_ASYNC_CONSTRAINT: 'request/invalid',
  FST_ERR_VALIDATION: 'request/invalid',
};
