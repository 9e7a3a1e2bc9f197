import { initialState, reduce, type Action, type ConversationState } from './conversation.reducer.js';
import type { Notifier } from './notifier.js';

export interface Store {
  readonly state: ConversationState;
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
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return false;
      const snapshotChanged = next.snapshot !== state.snapshot;
      state = next;
      if (snapshotChanged) notifier.changed();
      return true;
    },
  };
}
