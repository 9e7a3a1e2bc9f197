// Time and memory to apply 10,000 incoming messages to a conversation's store.
// Run: node --expose-gc --conditions=@attune/source --import tsx packages/core/scripts/bench-store.ts
import { performance } from 'node:perf_hooks';
import { createConversation } from '../src/conversation/index.js';
import { createScriptedTransport } from '../src/testing/index.js';

const COUNT = Number(process.argv[2] ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc;

async function run(batched: boolean): Promise<{ ms: number; bytes: number }> {
  const transport = createScriptedTransport();
  const conversation = createConversation({ transport, id: 'bench' });
  let notifications = 0;
  conversation.subscribe(() => notifications++);
  await Promise.resolve();
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    transport.emit({ type: 'text', id: `a${i}`, from: 'agent', text: `Agent line number ${i}, a sentence of ordinary length.`, at: i });
    // Unbatched: let the notification (and storage write) run after every message, as in a slow live chat.
    if (!batched) await Promise.resolve();
  }
  await new Promise((resolve) => setImmediate(resolve));
  const ms = performance.now() - start;
  gc?.();
  const bytes = process.memoryUsage().heapUsed - heapBefore;
  if (conversation.getSnapshot().messages.length !== COUNT) throw new Error('lost messages');
  conversation.dispose();
  return { ms, bytes };
}

for (const batched of [true, false]) {
  await run(batched); // warm-up
  const { ms, bytes } = await run(batched);
  console.log(
    `${COUNT} messages ${batched ? 'in one burst   ' : 'one per tick   '}: ${ms.toFixed(1)} ms total, ${((ms * 1000) / COUNT).toFixed(2)} µs/message, ` +
      `${(bytes / COUNT).toFixed(0)} B/message retained${gc ? '' : ' (run with --expose-gc for a steadier figure)'}`,
  );
}
