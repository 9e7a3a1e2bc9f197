import { initialState, reduce, type Action, type ConversationState } from './conversation.reducer.js';
import type { Notifier } from './notifier.js';
import { own, release } from './apply-server-event.js';

export interface Store {
  /** The state, for the conversation's own parts: read it within one call, keep nothing from it. */
  readonly state: ConversationState;
  /**
   * The snapshot for the outside world. Until someone reads it, incoming messages may be
   * appended to the transcript in place (copy on write); once read, it never changes.
   */
  published(): ConversationState['snapshot'];
  /** Applies `action`; true when the state changed. Listeners hear of snapshot changes through the notifier. */
  dispatch(action: Action): boolean;
}

/** The one owner of a conversation's state: reducer + dispatch, telling `notifier` when the snapshot changed. */
export function createStore(id: string, notifier: Pick<Notifier, 'changed'>): Store {
  let state = initialState(id);
  return {
    get state() {
      return state;
    },
    published() {
      release(state.snapshot.messages);
      return state.snapshot;
    },
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return false;
      const snapshotChanged = next.snapshot !== state.snapshot;
      // A transcript array the reducer just made is ours alone until published.
      if (next.snapshot.messages !== state.snapshot.messages) own(next.snapshot.messages);
      state = next;
      if (snapshotChanged) notifier.changed();
      return true;
    },
  };
}
