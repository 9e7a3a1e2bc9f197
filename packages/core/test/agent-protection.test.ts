import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAgent } from '../src/agent/index.js';
import type { AgentOutput } from '../src/agent/index.js';
import { createTranslator } from '../src/i18n/index.js';
import type { ClientEvent } from '../src/protocol.js';
import { createEmpathyPolicy } from '../src/policy/index.js';

function drive(options: Parameters<typeof createAgent>[0] = {}) {
  const agent = createAgent({ now: () => 1000, ...options });
  let n = 0;
  const all: AgentOutput[] = [];
  const send = async (event: Record<string, unknown>): Promise<AgentOutput[]> => {
    const out = await agent.handle({ v: 1, id: `c${String(++n)}`, ...event } as ClientEvent);
    all.push(...out);
    return out;
  };
  return {
    all,
    start: async () => all.push(...(await agent.start())),
    say: (text: string) => send({ type: 'message', text }),
    thumbs: (messageId: string, value: 'up' | 'down' | null) => send({ type: 'feedback', messageId, value }),
    agentLines: () => all.filter((o): o is Extract<AgentOutput, { type: 'text' }> => o.type === 'text' && o.from === 'agent'),
  };
}

const apologyLike = /\b(?:sorry|apolog|lo siento|disculp|perd[oó]n)/i;
const tagged = (out: AgentOutput[], tag: string) => out.some((o) => o.type === 'text' && o.tags?.includes(tag as never));

describe('teammate protection in the in-page agent', () => {
  for (const [locale, abuse] of [
    ['en', 'You are an idiot.'],
    ['en', "you're a useless moron and I hope you get fired"],
    ['es', 'You are a bunch of idiots'],
  ] as const) {
    it(`answers abuse with one calm boundary line and a handoff offer, never an apology (${locale}: "${abuse}")`, async () => {
      const tr = createTranslator({ locale });
      const c = drive({ locale });
      await c.start();
      const out = await c.say(abuse);
      const lines = out.filter((o) => o.type === 'text');
      assert.equal(lines.length, 1, 'exactly one line');
      assert.equal(lines[0]?.type === 'text' && lines[0].text, tr.t('boundary.abuse'));
      assert.ok(!tagged(out, 'apology') && !tagged(out, 'acknowledgment'), 'no apology or acknowledgment');
      assert.ok(!out.some((o) => o.type === 'text' && apologyLike.test(o.text)));
      const offer = out.find((o) => o.type === 'choice');
      assert.ok(offer?.type === 'choice' && offer.purpose === 'handoff' && offer.reason === 'abuse', 'offers a person');
    });
  }

  for (const frustration of [
    'This app is garbage.',
    'Your delivery service is useless and I am furious, my parcel is two weeks late!',
    'this is a joke, what a scam',
  ]) {
    it(`frustration with the product is not abuse: "${frustration}"`, async () => {
      const tr = createTranslator({ locale: 'en' });
      const c = drive();
      await c.start();
      const out = await c.say(frustration);
      assert.ok(!out.some((o) => o.type === 'text' && o.text.includes(tr.t('boundary.abuse'))));
      assert.ok(!out.some((o) => o.type === 'choice' && o.reason === 'abuse'));
    });
  }
});

describe('a thumbs-down is a negative turn for the handoff policy', () => {
  it('policy: each thumbed-down message counts once towards the negative-turn limit', () => {
    const policy = createEmpathyPolicy({ translator: createTranslator(), handoffAfterNegativeTurns: 2 });
    policy.afterFeedback('a1', 'down');
    policy.afterFeedback('a1', 'up');
    policy.afterFeedback('a1', 'down');
    assert.equal(policy.handoffReason(), null);
    policy.afterFeedback('a2', 'up');
    assert.equal(policy.handoffReason(), null);
    policy.afterFeedback('a3', 'down');
    assert.equal(policy.handoffReason(), 'negative-tone');
  });

  it('agent: two frustrated messages and a thumbs-down bring the offer of a person (default limit 3)', async () => {
    const c = drive({ empathy: { echo: false } });
    await c.start();
    await c.say('I am really annoyed, nothing works');
    await c.say('This is so frustrating, still broken');
    assert.ok(!c.all.some((o) => o.type === 'choice' && o.purpose === 'handoff'), 'no offer after two negative turns');
    const target = c.agentLines().at(-1);
    assert.ok(target);
    const out = await c.thumbs(target.id, 'down');
    const offer = out.find((o) => o.type === 'choice');
    assert.ok(offer?.type === 'choice' && offer.purpose === 'handoff' && offer.reason === 'negative-tone');
  });

  it('agent: thumbs-up, thumbs on unknown or customer lines change nothing', async () => {
    const c = drive({ empathy: { echo: false, handoffAfterNegativeTurns: 1 } });
    await c.start();
    const first = c.agentLines()[0];
    assert.ok(first);
    assert.deepEqual(await c.thumbs(first.id, 'up'), []);
    assert.deepEqual(await c.thumbs('nope', 'down'), []);
    assert.deepEqual(await c.thumbs('c1', 'down'), []);
    const out = await c.thumbs(first.id, 'down');
    assert.ok(out.some((o) => o.type === 'choice' && o.purpose === 'handoff'));
  });
});
