import type { Conversation, Message } from '../../src/index.js';

/** Resolves once `find` returns something for the conversation's messages (or fails after 5 s). */
export function waitFor<T>(conversation: Conversation, find: (messages: readonly Message[]) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = find(conversation.getSnapshot().messages);
      if (found !== undefined) {
        stop();
        clearTimeout(timer);
        resolve(found);
      }
    };
    const stop = conversation.subscribe(check);
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out; messages: ${JSON.stringify(conversation.getSnapshot().messages.map((m) => m.kind))}`));
    }, 5000);
    check();
  });
}

/** Finds the latest message of a kind (for `waitFor`). */
export const last =
  <K extends Message['kind']>(kind: K) =>
  (messages: readonly Message[]) =>
    [...messages].reverse().find((m): m is Extract<Message, { kind: K }> => m.kind === kind);

/** Polls `check` until it returns something truthy (for state outside a conversation, e.g. a server's log). */
export async function until<T>(check: () => T | undefined | null | false, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
