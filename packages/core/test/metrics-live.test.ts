import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConversation, localAgent, memoryStorage } from '../src/index.js';
import type { AnalyticsEvent, ChoiceMessage, EchoMessage } from '../src/index.js';
import { summarizeConversation } from '../src/metrics/index.js';
import { last as lastOf, waitFor } from './support/wait-for.js';

test('a real conversation through the in-page agent, then restored from storage, summarises the same', async () => {
  const storage = memoryStorage();
  const live = createConversation({ id: 'restore-me', storage, transport: localAgent(undefined, { delayMs: 0 }) });
  const analytics: AnalyticsEvent[] = [];
  live.on('*', (e) => analytics.push(e));

  await waitFor(live, (ms) => ms.find((m) => m.kind === 'text' && m.from === 'agent'));
  live.send("My parcel still hasn't arrived and I'm really annoyed, it was due on Monday!!");
  const echo: EchoMessage = await waitFor(live, lastOf('echo'));
  live.confirmEcho(echo.id);
  const choice: ChoiceMessage = await waitFor(live, (ms) => ms.find((m): m is ChoiceMessage => m.kind === 'choice' && m.purpose === 'flow'));
  live.choose(choice.id, choice.options[0].id);
  await waitFor(live, lastOf('csat'));
  live.rate(4, 'Fine');
  await waitFor(live, (ms) => (lastOf('csat')(ms)?.score === 4 ? true : undefined));

  const before = summarizeConversation(live.getSnapshot());
  // What the built-in flow and empathy policy produce, measured.
  assert.equal(before.scorecard.greeting.result, 'pass');
  assert.equal(before.scorecard.comprehension.result, 'pass');
  assert.deepEqual(before.scorecard.comprehension.evidence, [echo.id]);
  assert.equal(before.scorecard.solution.result, 'pass');
  assert.equal(before.scorecard.closing.result, 'pass');
  assert.equal(before.acknowledgmentsWithoutAction.count, 0, 'the policy never leaves an acknowledgment alone');
  assert.ok(before.apologies.count <= 1, 'at most one apology');
  assert.deepEqual(before.empathyPhrases.repeated, []);
  assert.equal(before.csat.score, 4);
  assert.equal(before.options.chosen, 1);
  assert.ok(before.timings.firstReplyMs !== null && before.timings.firstReplyMs >= 0);
  live.dispose();

  // A reload: a new conversation with the same id over the same storage.
  const restored = createConversation({ id: 'restore-me', storage, transport: localAgent(undefined, { delayMs: 0 }) });
  assert.ok(restored.getSnapshot().messages.length > 0, 'the transcript came back from storage');
  assert.deepEqual(summarizeConversation(restored.getSnapshot()), before);
  // The stored form itself (what a server or an export keeps) reads the same.
  assert.deepEqual(summarizeConversation(JSON.parse(JSON.stringify({ id: 'restore-me', messages: restored.getSnapshot().messages }))), before);
  restored.dispose();

  // The analytics trail alone gives the same evidence counts.
  const fromAnalytics = summarizeConversation(analytics);
  assert.deepEqual(fromAnalytics.echoes, before.echoes);
  assert.equal(fromAnalytics.apologies.count, before.apologies.count);
  assert.deepEqual(fromAnalytics.options, before.options);
  assert.equal(fromAnalytics.csat.score, 4);
  assert.equal(fromAnalytics.resolved, before.resolved);
});
