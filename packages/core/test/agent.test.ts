import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAgent } from '../src/agent/index.js';
import type { Agent, AgentOutput } from '../src/agent/index.js';
import { createTranslator } from '../src/i18n/index.js';
import type { ClientEvent } from '../src/protocol.js';

type Of<T extends AgentOutput['type']> = Extract<AgentOutput, { type: T }>;

/** Drives an agent like a customer would, keeping the transcript of outputs. */
function customer(agent: Agent) {
  const all: AgentOutput[][] = [];
  let n = 0;
  const turn = async (p: Promise<AgentOutput[]>) => {
    const out = await p;
    all.push(out);
    return out;
  };
  const last = <T extends AgentOutput['type']>(type: T): Of<T> => {
    const found = all.flat().filter((o) => o.type === type);
    assert.ok(found.length, `no ${type} yet`);
    return found[found.length - 1] as Of<T>;
  };
  const send = (event: Record<string, unknown>) => turn(agent.handle({ v: 1, id: `c${++n}`, ...event } as ClientEvent));
  return {
    all,
    last,
    start: () => turn(agent.start()),
    say: (text: string) => send({ type: 'message', text }),
    confirm: () => send({ type: 'echo.confirm', echoId: last('echo').id }),
    correct: (text?: string) => send({ type: 'echo.correct', echoId: last('echo').id, ...(text && { text }) }),
    choose: (optionId: string, pickerId = last('choice').id) => send({ type: 'choose', pickerId, optionId }),
    rate: (score: number, comment?: string) => send({ type: 'csat', score, ...(comment && { comment }) }),
    human: () => send({ type: 'handoff.request' }),
    end: () => send({ type: 'end' }),
  };
}

const types = (out: AgentOutput[]) =>
  out.map((o) => (o.type === 'text' ? `text:${o.tags?.join('+')}` : o.type === 'echo' || o.type === 'handoff' ? `${o.type}:${o.state}` : o.type));
const agent = (options: Parameters<typeof createAgent>[0] = {}) => customer(createAgent({ now: () => 1000, ...options }));

describe('createAgent with the demo flow', () => {
  it('runs start → echo → confirm → choice → recap → csat', async () => {
    const c = agent();
    assert.deepEqual(types(await c.start()), ['text:question']);
    assert.equal(c.last('text').text, "Hi! I'm here to help. What's going on?");

    const heard = await c.say("My order hasn't arrived yet");
    assert.deepEqual(types(heard), ['text:acknowledgment+apology', 'echo:proposed']);
    const echo = c.last('echo');
    assert.equal(echo.about, 'c1');
    assert.equal(echo.reflection, "your order hasn't arrived yet");
    assert.match(echo.text, /your order hasn't arrived yet/);

    const confirmed = await c.confirm();
    assert.deepEqual(types(confirmed), ['echo:confirmed', 'text:acknowledgment', 'choice']);
    const choice = c.last('choice');
    assert.equal(choice.prompt, 'What would help most?');
    assert.deepEqual(
      choice.options.map((o) => o.id),
      ['resend', 'refund', 'human'],
    );

    const closing = await c.choose('resend');
    assert.deepEqual(types(closing), ['choice', 'recap', 'csat']);
    assert.equal((closing[0] as Of<'choice'>).chosen, 'resend');
    const recap = c.last('recap');
    assert.equal(recap.understood, "Your order hasn't arrived yet");
    assert.deepEqual(recap.done, ['Arranged a replacement for your order']);
    assert.deepEqual(recap.nextStep, { who: 'We', what: 'ship a replacement', when: 'within 2 business days' });
    assert.equal(recap.resolved, true);
    assert.ok(createTranslator().variants('care').includes(recap.care));
    assert.equal(c.last('csat').prompt, 'How did we do?');

    const thanks = await c.rate(5);
    assert.deepEqual(types(thanks), ['csat', 'text:care']);
    assert.equal((thanks[0] as Of<'csat'>).score, 5);
    assert.equal(c.last('text').text, 'Thanks for your feedback!');
    assert.deepEqual(types(await c.rate(5, 'Quick!')), ['csat']);
  });

  it('offers the topic choice when the words match no trigger, and collects a field', async () => {
    const c = agent();
    await c.start();
    await c.say('Something is wrong and nobody helps me');
    await c.confirm();
    assert.equal(c.last('choice').prompt, 'Which of these is closest?');
    const out = await c.choose('charge');
    assert.deepEqual(types(out), ['choice', 'text:question']);
    assert.equal(c.last('text').text, 'What is the order number?');
    assert.deepEqual(types(await c.say('not sure')), ['text:question'], 'asks again when the pattern does not match');
    const closing = await c.say("It's order 123456");
    assert.deepEqual(types(closing).slice(-2), ['recap', 'csat']);
    assert.ok(c.last('recap').done.includes('Found the double charge on order 123456'));
    assert.deepEqual(c.last('recap').nextStep, { who: 'We', what: 'refund the extra charge', when: 'within 3 days' });
  });

  it('skips the echo for questions and jumps by trigger', async () => {
    const c = agent();
    await c.start();
    const out = await c.say('How do I reset my password?');
    assert.deepEqual(types(out), ['choice']);
    assert.equal(c.last('choice').prompt, 'Shall I send a reset link?');
  });

  it('replaces the understanding with a correction and echoes it', async () => {
    const c = agent();
    await c.start();
    await c.say("My order hasn't arrived");
    const out = await c.correct('I was charged twice for my order');
    assert.deepEqual(types(out), ['echo:corrected', 'echo:proposed']);
    assert.equal((out[0] as Of<'echo'>).correction, 'I was charged twice for my order');
    await c.confirm();
    assert.equal(c.last('text').text.endsWith('What is the order number?'), true);
    const bare = agent();
    await bare.start();
    await bare.say("My order hasn't arrived");
    assert.deepEqual(types(await bare.correct()), ['echo:corrected', 'text:question']);
    assert.equal(bare.last('text').text, 'What did I miss?');
  });

  it('offers a person after two corrections, with the recap so far', async () => {
    const c = agent();
    await c.start();
    await c.say("My order hasn't arrived");
    await c.correct('My parcel came damaged and the box was open');
    const out = await c.correct('No, the parcel came damaged');
    assert.deepEqual(types(out), ['echo:corrected', 'choice']);
    const offer = c.last('choice');
    assert.equal(offer.purpose, 'handoff');
    assert.equal(offer.reason, 'corrections');
    assert.deepEqual(
      offer.options.map((o) => o.id),
      ['human', 'continue'],
    );
    // The recap never holds the customer's raw words: the topic of the correction instead.
    assert.equal(offer.recap?.understood, 'You got in touch about the damage.');
    const taken = await c.choose('human');
    assert.deepEqual(types(taken), ['choice', 'handoff:requested', 'handoff:waiting']);
    const handoff = c.last('handoff');
    assert.equal(handoff.recap?.understood, 'You got in touch about the damage.');
    assert.equal(handoff.reason, 'corrections');
    const waiting = await c.say('hello?');
    assert.deepEqual(types(waiting), ['text:care'], 'never silence while a person takes over');
    const again = await c.say('anyone?');
    assert.deepEqual(types(again), ['text:care']);
    assert.notEqual((again[0] as Of<'text'>).text, (waiting[0] as Of<'text'>).text);
  });

  it('hands off at once when asked for a person, with a wait message', async () => {
    const c = agent();
    await c.start();
    const out = await c.say('I need a real person right now');
    assert.deepEqual(types(out), ['handoff:requested', 'handoff:waiting']);
    assert.equal(c.last('handoff').reason, 'requested');
    assert.ok(c.last('handoff').recap);
  });

  it('keeps going when an offered person is declined', async () => {
    const c = agent();
    await c.start();
    await c.say("My order hasn't arrived and I'm furious");
    await c.say('This is useless, still nothing!');
    await c.say('Unbelievable. Third time I write and still no answer!!!');
    assert.equal(c.last('choice').purpose, 'handoff');
    const back = await c.choose('continue');
    assert.deepEqual(types(back), ['choice', 'text:question']);
    assert.deepEqual(types(await c.say("I can't log in to my account")).at(-1), 'echo:proposed');
  });

  it('offers a person after three negative turns in a row', async () => {
    const c = agent();
    await c.start();
    await c.say("My order hasn't arrived and I'm furious");
    await c.say('This is useless, still nothing!');
    const out = await c.say('Unbelievable. Third time I write and still no answer!!!');
    assert.equal(c.last('choice').purpose, 'handoff');
    assert.equal(c.last('choice').reason, 'negative-tone');
    assert.ok(out.some((o) => o.type === 'choice'));
  });

  it('hands off on handoff.request and through the flow', async () => {
    const c = agent();
    await c.start();
    await c.say("My order hasn't arrived");
    const out = await c.human();
    assert.deepEqual(types(out), ['handoff:requested', 'handoff:waiting']);
    assert.equal(c.last('handoff').reason, 'requested');
    assert.equal(c.last('handoff').recap?.understood, 'You got in touch about your delivery.');
    assert.deepEqual(await c.human(), []);
    const f = agent();
    await f.start();
    await f.say("My order hasn't arrived");
    await f.confirm();
    assert.deepEqual(types(await f.choose('human')), ['choice', 'handoff:requested', 'handoff:waiting']);
  });

  it('closes with an unresolved recap and csat on end', async () => {
    const c = agent();
    await c.start();
    await c.say('I was charged twice');
    const out = await c.end();
    assert.deepEqual(types(out), ['recap', 'csat']);
    const recap = c.last('recap');
    assert.equal(recap.resolved, false);
    assert.equal(recap.impact, createTranslator().t('recap.unresolved'));
    assert.ok(recap.nextStep.who && recap.nextStep.what);
    assert.deepEqual(await c.end(), []);
  });

  it('tags every agent line, never acknowledges alone and apologises at most once', async () => {
    const c = agent();
    await c.start();
    const angry = ["My order STILL hasn't arrived!!!", 'This is ridiculous, I was charged twice!', "And now I can't even log in!!"];
    for (const text of angry) {
      await c.say(text);
      if (c.all.at(-1)!.some((o) => o.type === 'echo')) await c.confirm();
    }
    await c.end();
    const lines = c.all.flat().filter((o): o is Of<'text'> => o.type === 'text');
    assert.ok(lines.every((l) => l.tags?.length));
    assert.ok(lines.filter((l) => l.tags!.includes('apology')).length <= 1);
    for (const out of c.all) {
      if (out.some((o) => o.type === 'text' && o.tags?.includes('acknowledgment'))) {
        assert.ok(
          out.some((o) => o.type !== 'text' || o.tags?.some((t) => t === 'action' || t === 'question')),
          JSON.stringify(out),
        );
      }
    }
    const texts = lines.map((l) => l.text);
    assert.equal(new Set(texts).size, texts.length, 'no line repeated');
  });

  it('is deterministic for the same inputs', async () => {
    const run = async () => {
      const c = agent();
      await c.start();
      await c.say("My order hasn't arrived!!");
      await c.confirm();
      await c.choose('refund');
      return c.all;
    };
    assert.deepEqual(await run(), await run());
  });

  it('speaks Spanish with the neutral echo frame', async () => {
    const es = createTranslator({ locale: 'es' });
    const c = agent({ locale: 'es' });
    await c.start();
    assert.equal(c.last('text').text, '¡Hola! Estoy aquí para ayudarte. ¿Qué ocurre?');
    await c.say('Mi pedido no ha llegado todavía');
    const echo = c.last('echo');
    assert.equal(echo.text, es.format(es.t('echo.neutralFrame'), { quote: 'Mi pedido no ha llegado todavía' }));
    const confirmed = await c.confirm();
    assert.ok(es.variants('echo.confirmed').some((v) => confirmed.some((o) => o.type === 'text' && o.text === v)));
    assert.equal(c.last('choice').prompt, '¿Qué te ayudaría más?');
    await c.choose('resend');
    const recap = c.last('recap');
    assert.deepEqual(recap.nextStep, { who: 'Nosotros', what: 'enviamos un reemplazo', when: 'en 2 días hábiles' });
    assert.deepEqual(recap.done, ['Preparamos un reemplazo de tu pedido']);
    assert.ok(es.variants('care').includes(recap.care));
    assert.equal(c.last('csat').prompt, es.t('csat.prompt'));
  });
});
