import { expect } from '@open-wc/testing';
import type { Conversation, ConversationOptions } from '../src/conversation.types.js';
import type { TextMessage } from '../src/types.js';
import { fakeServer } from './support/tab-server.js';

// Each iframe is a same-origin window with its own engine and globals: localStorage and
// the `storage` event are the browser's, as between two tabs.
type TabWindow = Window & { attune?: { createConversation(options: ConversationOptions): Conversation } };

async function openTab(): Promise<{ frame: HTMLIFrameElement; create(options: ConversationOptions): Conversation }> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./support/tab.html', import.meta.url).href;
  document.body.append(frame);
  const win = await new Promise<TabWindow>((resolve, reject) => {
    const end = Date.now() + 8000;
    const poll = (): void => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the frame's window carries the test's globals
      const w = frame.contentWindow as TabWindow | null;
      if (w?.attune) resolve(w);
      else if (Date.now() > end) reject(new Error('tab never loaded'));
      else setTimeout(poll, 10);
    };
    poll();
  });
  const api = win.attune;
  if (!api) throw new Error('no engine in tab');
  return { frame, create: (options) => api.createConversation(options) };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 6000;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check(), `never: ${what}`).to.equal(true);
}
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const texts = (c: Conversation) => c.getSnapshot().messages.filter((m): m is TextMessage => m.kind === 'text' && m.from === 'customer');

describe('several tabs of one conversation (real localStorage and storage events)', () => {
  let id = '';
  const key = () => `attune:conversation:${id}`;
  const storedOutbox = () => (JSON.parse(localStorage.getItem(key()) ?? '{"outbox":[]}') as { outbox: unknown[] }).outbox.length;
  beforeEach(() => {
    id = `c_tabs_${Math.random().toString(36).slice(2)}`;
  });
  afterEach(() => {
    localStorage.removeItem(key());
    document.querySelectorAll('iframe').forEach((f) => f.remove());
  });

  it('two tabs offline with 3 messages each, both closed: the next tab delivers all 6 exactly once', async () => {
    const server = fakeServer();
    const options = (): ConversationOptions => ({ id, storage: 'local', transport: server.transport(), backoff: { baseMs: 5, maxMs: 20 } });
    const [a, b] = await Promise.all([openTab(), openTab()]);
    const ca = a.create(options());
    const cb = b.create(options());
    for (let i = 0; i < 3; i++) {
      ca.send(`a${i}`);
      cb.send(`b${i}`);
    }
    await settle(100);
    // Tabs closed: only what is in localStorage survives (dispose stops their connections,
    // which the fake server would otherwise keep; nothing is left to write by now).
    ca.dispose();
    cb.dispose();
    a.frame.remove();
    b.frame.remove();
    const c = await openTab();
    const next = c.create(options());
    next.subscribe(() => undefined);
    server.online = true;
    await until(() => server.stored.size === 6, `6 stored (got ${server.stored.size})`);
    await until(() => storedOutbox() === 0, 'stored outbox drained');
    expect(server.sends.length, 'each id sent once').to.equal(6);
    expect(
      texts(next)
        .map((m) => m.text)
        .sort(),
    ).to.deep.equal(['a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
    next.dispose();
  });

  it('two live tabs: entries merge, each is stored once, and an ack seen by one tab stops the other', async () => {
    const server = fakeServer();
    const options = (): ConversationOptions => ({ id, storage: 'local', transport: server.transport(), backoff: { baseMs: 5, maxMs: 20, ackTimeoutMs: 300 } });
    const [a, b] = await Promise.all([openTab(), openTab()]);
    const ca = a.create(options());
    const cb = b.create(options());
    ca.subscribe(() => undefined);
    cb.subscribe(() => undefined);
    for (let i = 0; i < 3; i++) {
      ca.send(`a${i}`);
      cb.send(`b${i}`);
    }
    // The storage event carried each tab's entries to the other.
    await until(() => texts(ca).length === 6 && texts(cb).length === 6, 'each tab shows all 6 pending');
    expect(storedOutbox()).to.equal(6);
    server.online = true;
    await until(() => server.stored.size === 6, `6 stored (got ${server.stored.size})`);
    await until(() => storedOutbox() === 0 && [...texts(ca), ...texts(cb)].every((m) => m.status === 'sent'), 'all sent, outbox drained');
    const sends = server.sends.length;
    await settle(500);
    expect(server.sends.length, 'nothing re-sent after its ack').to.equal(sends);
    ca.dispose();
    cb.dispose();
  });
});
