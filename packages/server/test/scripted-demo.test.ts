// The AI agent demo without a key: the scripted model through the real openAiCompatibleAgent,
// the real reference server and core's httpTransport + createConversation (guardrails on).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createConversation, httpTransport, type TextMessage } from '@attune/core';
import { createServer, openAiCompatibleAgent, type RunningServer } from '../src/index.js';
import { scriptedModel } from '../../../examples/server/scripted-model.mjs';

let server: RunningServer;
const logged: string[] = [];
before(async () => {
  const agent = openAiCompatibleAgent({
    baseURL: 'http://scripted-model.invalid/v1',
    model: 'scripted-demo',
    fetch: scriptedModel({ delayMs: 1 }),
    timeoutMs: 300,
    log: (message, error) => logged.push(`${error.code}: ${message}`),
  });
  server = await createServer({ port: 0, agent });
});
after(() => server.close());

const until = async (check: () => boolean, ms = 8000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

test('the scripted demo: streamed replies, one apology shown, a validated picker, a recap; the 4-option call dropped', async () => {
  const conversation = createConversation({ transport: httpTransport({ url: server.url }) });
  const dropped: string[] = [];
  conversation.on('guardrailDropped', (e) => dropped.push(e.text));
  conversation.subscribe(() => undefined);
  const snapshot = () => conversation.getSnapshot().messages;
  const replies = () => snapshot().filter((m): m is TextMessage => m.kind === 'text' && m.from === 'agent' && !m.streaming);

  conversation.send("My parcel still hasn't arrived and I'm really annoyed");
  await until(() => replies().length === 1);
  assert.match(
    replies()[0]?.text ?? '',
    /^I'm so sorry your order hasn't turned up\. I can tell this has been really frustrating\./,
    'the tone reached the model',
  );

  conversation.send('It is order 48213');
  await until(() => snapshot().some((m) => m.kind === 'choice'));
  await until(() => replies().length === 2);
  assert.equal(replies()[1]?.text, 'I found the order: it has been stuck at the depot since Monday.');
  const pickers = snapshot().filter((m) => m.kind === 'choice');
  assert.equal(pickers.length, 1, 'the 4-option picker is not shown');
  assert.ok(logged.some((l) => l.startsWith('options/count')));

  const picker = pickers[0];
  assert.ok(picker?.kind === 'choice');
  conversation.choose(picker.id, picker.options[1]?.id ?? '');
  await until(() => snapshot().some((m) => m.kind === 'recap'));
  await until(() => replies().length === 3);
  assert.match(replies()[2]?.text ?? '', /^Done: your refund is on its way/);
  const recap = snapshot().find((m) => m.kind === 'recap');
  assert.ok(recap?.kind === 'recap');
  assert.deepEqual(recap.done, ['Refund issued']);
  const apologies = replies().filter((m) => /sorry|apolog/i.test(m.text));
  assert.equal(apologies.length, 1, 'one apology in the transcript');
  assert.deepEqual(dropped, ['Sorry about the wait.', 'My apologies for all the trouble.']);
  conversation.dispose();
});

test('"simulate outage": the customer is told, and the flow agent answers', async () => {
  const conversation = createConversation({ transport: httpTransport({ url: server.url }) });
  conversation.subscribe(() => undefined);
  conversation.send('simulate outage please');
  await until(() => conversation.getSnapshot().messages.filter((m) => m.kind !== 'text' || m.from !== 'customer').length >= 2);
  const texts = conversation.getSnapshot().messages.map((m) => ('text' in m ? m.text : m.kind));
  assert.ok(
    texts.some((t) => t.includes("isn't responding right now")),
    JSON.stringify(texts),
  );
  conversation.dispose();
});
