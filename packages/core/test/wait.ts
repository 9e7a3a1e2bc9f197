import type { Conversation } from '../src/conversation.types.js';
import type { ToneSummary } from '../src/types.js';

/** Resolves with the snapshot's tone once it is known (the tone model loads on demand). */
export const whenTone = (conversation: Conversation): Promise<ToneSummary> =>
  new Promise((resolve) => {
    const check = (): void => {
      const { tone } = conversation.getSnapshot();
      if (!tone) return;
      stop();
      resolve(tone);
    };
    const stop = conversation.subscribe(check);
    check();
  });
