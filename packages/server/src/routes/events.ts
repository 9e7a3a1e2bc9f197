// Validation of client events: core's `parseClientEvent` (v1.1 `stop` and `feedback`
// included) plus the server's own limits.
import type { IncomingEvent } from '../conversations.js';
import { validateClientEvent } from '../validate.js';

export function parseIncoming(raw: unknown, maxTextLength: number): IncomingEvent {
  const event = validateClientEvent(raw, { maxTextLength });
  // Only the known fields travel further (a client may send anything besides them).
  if (event.type === 'stop') return { v: 1, type: 'stop', id: event.id };
  if (event.type === 'feedback') {
    const reason = event.reason?.trim();
    return { v: 1, type: 'feedback', id: event.id, messageId: event.messageId, value: event.value, ...(reason && event.value !== null ? { reason } : {}) };
  }
  return event;
}
