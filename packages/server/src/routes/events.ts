// Validation of client events: core's `parseClientEvent` plus the v1.1 additions (`stop`,
// `feedback`) and the server's own limits.
import { AttuneError } from '@attune/core';
import type { IncomingEvent } from '../conversations.js';
import { validateClientEvent } from '../validate.js';

const id = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 128;

export function parseIncoming(raw: unknown, maxTextLength: number): IncomingEvent {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch (cause) {
      throw new AttuneError('protocol/invalid', 'Invalid client event: not JSON', { cause });
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const e = value as Record<string, unknown>;
    if (e.v === 1 && e.type === 'stop') {
      if (!id(e.id)) throw new AttuneError('protocol/invalid', 'Invalid client event: id: is required', { details: [{ path: 'id', message: 'is required' }] });
      return { v: 1, type: 'stop', id: e.id };
    }
    if (e.v === 1 && e.type === 'feedback') {
      if (!id(e.id) || !id(e.messageId) || (e.value !== 'up' && e.value !== 'down') || (e.reason !== undefined && (typeof e.reason !== 'string' || e.reason.length > 500))) {
        throw new AttuneError('protocol/invalid', 'Invalid client event: feedback needs id, messageId, value "up"|"down" and an optional short reason', { details: [{ path: 'value', message: 'has the wrong type' }] });
      }
      return { v: 1, type: 'feedback', id: e.id, messageId: e.messageId, value: e.value, ...(typeof e.reason === 'string' ? { reason: e.reason } : {}) };
    }
  }
  return validateClientEvent(value, { maxTextLength });
}
