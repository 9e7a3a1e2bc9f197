import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConversation, localAgent } from '../src/index.js';
import type { AnalyticsEvent, CsatMessage, EchoMessage, RecapMessage } from '../src/index.js';
import { last, waitFor } from './support/wait-for.js';

test('the built-in demo flow runs from greeting to recap and CSAT through localAgent', async () => {
  const conversation = createConversation({ transport: localAgent(undefined, { delayMs: 0 }) });
  const events: AnalyticsEvent['type'][] = [];
  conversation.on('*', (e) => events.push(e.type));

  await waitFor(conversation, (ms) => ms.find((m) => m.kind === 'text' && m.from === 'agent'));
  const id = conversation.send("My parcel still hasn't arrived and it was due on Monday");

  const echo = await waitFor(conversation, last('echo'));
  assert.equal(echo.about, id);
  assert.match(echo.reflection, /parcel still hasn't arrived/);
  conversation.confirmEcho(echo.id);

  const choice = await waitFor(conversation, (ms) => last('choice')(ms));
  assert.ok(choice.options.length === 2 || choice.options.length === 3);
  conversation.choose(choice.id, choice.options[0].id);

  const recap: RecapMessage = await waitFor(conversation, last('recap'));
  assert.ok(recap.understood.length > 0);
  assert.ok(recap.nextStep.who && recap.nextStep.what, 'the recap names who does what');
  assert.ok(recap.care.length > 0);
  const csat: CsatMessage = await waitFor(conversation, last('csat'));
  conversation.rate(5, 'Quick and clear');
  assert.equal((conversation.getSnapshot().messages.find((m) => m.id === csat.id) as CsatMessage).score, 5);

  // Every customer message was delivered exactly once, and the analytics trail is complete.
  const mine = conversation.getSnapshot().messages.filter((m) => m.kind === 'text' && m.from === 'customer');
  assert.deepEqual(
    mine.map((m) => (m.kind === 'text' ? m.status : '')),
    ['sent'],
  );
  for (const type of ['echoShown', 'echoConfirmed', 'optionChosen', 'recapShown', 'csatGiven'] as const) assert.ok(events.includes(type), `${type} fired`);
  assert.equal((conversation.getSnapshot().messages.find((m) => m.id === echo.id) as EchoMessage).state, 'confirmed');
  conversation.dispose();
});
