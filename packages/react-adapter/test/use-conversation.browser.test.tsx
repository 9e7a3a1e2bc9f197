import { expect } from '@open-wc/testing';
import { act, version } from 'react';
import { createRoot } from 'react-dom/client';
import type { ConversationSnapshot } from '@attune/core';
import { useConversation } from '../src/index.js';

function store(initial: ConversationSnapshot) {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  return {
    subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    getSnapshot: () => snapshot,
    set(next: ConversationSnapshot) {
      snapshot = next;
      listeners.forEach((l) => l());
    },
  };
}

describe(`useConversation (harness, React ${version})`, () => {
  it('re-renders when the store changes', async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const s = store({ id: 'c1', status: 'idle', messages: [], typing: false, tone: null, error: null });
    function Status() {
      return <p>{useConversation(s).status}</p>;
    }
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    await act(async () => root.render(<Status />));
    expect(host.textContent).to.equal('idle');
    await act(async () => s.set({ ...s.getSnapshot(), status: 'open' }));
    expect(host.textContent).to.equal('open');
    root.unmount();
    host.remove();
  });
});
