import { AttuneError } from '../../src/errors.js';
import type { ClientEvent } from '../../src/protocol.js';
import type { Transport, TransportContext } from '../../src/conversation.types.js';

/**
 * A server as the reference one behaves for this: idempotent by client id (an id sent
 * twice is stored once and acknowledged again), every connection of the conversation
 * sees every stored message. `online` is shared, like the network of one browser.
 */
export function fakeServer() {
  const stored = new Map<string, ClientEvent>();
  const sends: string[] = [];
  const contexts = new Set<TransportContext>();
  let seq = 0;
  let online = false;
  const server = {
    stored,
    sends,
    get online() {
      return online;
    },
    set online(value: boolean) {
      online = value;
      for (const ctx of contexts) ctx.status(value ? 'open' : 'reconnecting');
    },
    transport(): Transport {
      return {
        connect(ctx) {
          contexts.add(ctx);
          ctx.signal.addEventListener('abort', () => contexts.delete(ctx));
          ctx.status(online ? 'open' : 'reconnecting');
        },
        async send(event) {
          if (!online) throw new AttuneError('transport/unreachable', 'offline', { retryable: true });
          sends.push(event.id);
          const fresh = !stored.has(event.id);
          if (fresh) stored.set(event.id, event);
          const ackSeq = ++seq;
          queueMicrotask(() => {
            for (const ctx of contexts) {
              if (fresh && event.type === 'message')
                ctx.receive({ v: 1, type: 'text', id: event.id, from: 'customer', text: event.text, at: 1, seq: ackSeq } as never);
              ctx.receive({ v: 1, type: 'ack', id: event.id, seq: ++seq } as never);
            }
          });
        },
      };
    },
  };
  return server;
}
