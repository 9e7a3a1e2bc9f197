import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEchoer, paraphrase, reflectPronouns } from '../src/paraphrase/index.js';
import { createTranslator } from '../src/i18n/index.js';

type Row = [input: string, reflection: string | null, emotion?: string | null];

// Real-looking support messages: [message, expected reflection (null = no echo), expected emotion].
const cases: Row[] = [
  // delivery
  ["I'm furious that my order hasn't arrived yet", "your order hasn't arrived yet", 'frustrating'],
  ["My order hasn't arrived yet and it's been two weeks!!!", "your order hasn't arrived yet", 'frustrating'],
  ['The package arrived damaged', 'the package arrived damaged', null],
  ['Hey @AcmeHelp order 4471 arrived with a cracked screen #disappointed https://t.co/abc', 'order 4471 arrived with a cracked screen', null],
  ["MY PACKAGE STILL HASN'T ARRIVED", "your package still hasn't arrived", 'frustrating'],
  ['Great, my order is lost again', 'your order is lost again', 'frustrating'],
  ["I don't know where my package is", "you're not sure where your package is", 'confusing'],
  // A guess stays the customer's guess, never our admission.
  ['I think you lost my package', 'you think we lost your package', null],
  [
    'I told you my address twice and you still shipped it to the old one',
    'you told us your address twice and we still shipped it to the old one',
    'frustrating',
  ],
  [
    "Hi there! I ordered a sofa on March 3rd, order #55812, and it still hasn't been delivered. I've called three times and every time I'm told it will arrive next week. This is the third time I've been lied to. I'm honestly so fed up.",
    "you ordered a sofa on March 3rd, order #55812 and it still hasn't been delivered",
    'frustrating',
  ],
  ['Cancel my order', "you'd like us to cancel your order", null],
  ['Hello, I would like to cancel my order please', "you'd like to cancel your order", null],
  // billing
  ['I was charged twice', 'you were charged twice', null],
  ['I was charged twice for my subscription this month', 'you were charged twice for your subscription this month', null],
  ['You charged me twice', 'we charged you twice', null],
  ['u guys charged me twice smh', 'we charged you twice', null],
  ['I never received the refund you promised me', 'you never received the refund we promised you', null],
  ["I don't understand why I was charged a late fee", "you're not sure why you were charged a late fee", 'confusing'],
  ['I’ve been charged a cancellation fee I didn’t agree to', "you've been charged a cancellation fee you didn't agree to", null],
  ["Thanks, but my refund still hasn't come through", "your refund still hasn't come through", 'frustrating'],
  ["I'm so sick of waiting for my refund", "you've been waiting for your refund", 'frustrating'],
  [
    'What the hell is wrong with you people?! I have been waiting 3 weeks for my fucking refund and nobody answers my emails. This is bullshit.',
    "you've been waiting 3 weeks for your refund and nobody answers your emails",
    'frustrating',
  ],
  // login / accounts
  ["Hi, I can't log in to my account", "you can't log in to your account", null],
  ['I cant login', "you can't login", null],
  ['I’m locked out of my account and I’m really worried', "you're locked out of your account", 'worrying'],
  ['Please help me reset my password', "you'd like us to help you reset your password", null],
  ['im so confused, cant find the invoice anywhere', "you can't find the invoice anywhere", 'confusing'],
  ["Our team can't access the shared drive since this morning", "your team can't access the shared drive", null],
  // bugs / apps
  ['Your app crashes every time I open it', 'our app crashes every time you open it', null],
  ["ur app won't load on my iphone", "our app won't load on your iphone", null],
  ['I updated the app but it still crashes', 'you updated the app but it still crashes', 'frustrating'],
  ['I love the app but it keeps crashing', 'it keeps crashing', null],
  ['Keeps crashing when I upload a photo', 'it keeps crashing when you upload a photo', null],
  ["Doesn't work", "it doesn't work", null],
  ['Your stupid app deleted all my photos', 'our app deleted all your photos', 'frustrating'],
  ['Ok so basically my wifi router keeps restarting itself', 'your wifi router keeps restarting itself', null],
  // travel
  ['The train was delayed by 3 hours and I missed my connection', 'the train was delayed by 3 hours and you missed your connection', null],
  ['My flight was cancelled and nobody told us', 'your flight was cancelled and nobody told you', null],
  ['We were charged for the hotel even though we cancelled', 'you were charged for the hotel even though you cancelled', null],
  ['y’all lost my luggage', 'we lost your luggage', null],
  ["I'm furious!!! You've cancelled my booking without telling me", "we've cancelled your booking without telling you", 'frustrating'],
  // subscriptions / returns
  ["Please cancel my subscription, I don't use it anymore", "you'd like us to cancel your subscription", null],
  ['I returned the jacket two weeks ago and I still have not got my money back', "you still haven't got your money back", 'frustrating'],
  ['WHY IS THIS SO HARD. I JUST WANT MY MONEY BACK', 'you want your money back', 'frustrating'],
  ["I'm really sad, the necklace my grandmother gave me arrived broken", 'the necklace your grandmother gave you arrived broken', 'upsetting'],
  ['My son is devastated because his tablet broke', 'his tablet broke', 'upsetting'],
  // banking
  ['My card was declined at the checkout even though I have money in my account', 'your card was declined at the checkout', null],
  ["I'm scared someone hacked my bank account", 'someone hacked your bank account', 'worrying'],
  [
    'Good morning, my direct debit went out twice this month and now my account is overdrawn',
    'your direct debit went out twice this month and now your account is overdrawn',
    null,
  ],
  ["I'm not sure what happened but my balance is wrong", 'your balance is wrong', 'confusing'],
  // telecom
  ['@support my internet has been down since Monday #fail', 'your internet has been down since Monday', null],
  ['My phone has no signal since the update', 'your phone has no signal', null],
  ['I was overcharged on my last phone bill', 'you were overcharged on your last phone bill', null],
  ['My husband and I were double charged for our tickets', 'you were double charged for your tickets', null],
  // no echo: questions, thanks, praise, greetings, links, profanity, emotion without a problem
  ['Where is my order?', null],
  ['Why was I charged $49.99 when I cancelled last month?', null],
  ['Hey, quick question - how do I change my billing address?', null],
  ['Is there a way to pause my plan?', null],
  ['Can you help me?', null],
  ['Am I the only one whose app keeps logging out?', null],
  ['Thanks so much, you guys are great!', null],
  ['thanks for the quick reply!', null],
  ['You guys are awesome, love the new update', null],
  ['Hello!', null],
  ['good morning!', null],
  ['hi', null],
  ['', null],
  ['   ', null],
  ['https://example.com/order/123', null],
  ['This is fucking bullshit', null],
  ['Fuck this', null],
  ['Your website is garbage', null],
  ['I am so angry', null],
  ['Order #12345.', null],
];

const PROFANITY = /fuck|shit|damn|crap|hell|stupid|idiot|garbage|useless/i;

describe('paraphrase: reflections of real support messages', () => {
  for (const [input, reflection, emotion] of cases) {
    it(JSON.stringify(input.slice(0, 70)), () => {
      const result = paraphrase(input);
      if (reflection === null) {
        assert.equal(result, null);
        return;
      }
      assert.ok(result, 'expected an echo');
      assert.equal(result.reflection, reflection);
      if (emotion !== undefined) assert.equal(result.emotion, emotion);
      // Contract checks that hold for every echo.
      assert.match(result.text, /^[A-Z]/);
      assert.match(result.text, /\?$/);
      assert.ok(result.text.includes(result.reflection));
      assert.ok(result.reflection.split(' ').length <= 25);
      assert.doesNotMatch(result.text, /\byou am\b|\bI am\b|\bmy\b/i);
      assert.doesNotMatch(result.text, PROFANITY);
      assert.doesNotMatch(result.text, /https?:|@\w|#[a-z]/i);
      assert.ok(result.confidence > 0 && result.confidence <= 1);
    });
  }
});

describe('paraphrase: the emotion is named, not repeated', () => {
  const rows: [string, string, RegExp][] = [
    ['I am livid, my parcel is missing', 'frustrating', /livid/],
    ['I am so worried my card was stolen', 'worrying', /worried/],
    ['I feel totally lost, the new dashboard has no export button', 'confusing', /lost/],
    ['I am heartbroken, the wedding photos I uploaded are gone', 'upsetting', /heartbroken/],
    ['I am pissed off, you cancelled my plan without asking', 'frustrating', /pissed/],
  ];
  for (const [input, emotion, word] of rows) {
    it(input, () => {
      const result = paraphrase(input);
      assert.ok(result);
      assert.equal(result.emotion, emotion);
      assert.doesNotMatch(result.reflection, word);
      assert.match(result.text, new RegExp(`that's (really )?${emotion}`));
    });
  }
  it('uses a tone hint when the words name no feeling', () => {
    const result = paraphrase('My card was declined', { tone: { tone: 'anxiety', intensity: 0.8 } });
    assert.equal(result?.emotion, 'worrying');
    assert.equal(paraphrase('My card was declined', { tone: { tone: 'anxiety', intensity: 0.1 } })?.emotion, null);
  });
  it('writes the whole line with the emotion clause', () => {
    assert.equal(
      paraphrase("I'm furious that my order hasn't arrived yet")?.text,
      "It sounds like your order hasn't arrived yet, and that's really frustrating — did I get that right?",
    );
    assert.equal(paraphrase('My order has not arrived', { variant: 1 })?.text, "So your order hasn't arrived. Is that right?");
  });
});

describe('paraphrase: trimming and long input', () => {
  it('keeps the reflected part at 25 words or fewer, cut at a word boundary', () => {
    const long =
      'My bank transferred the money to the wrong account on Friday even though I gave them the correct account number, the correct sort code, the correct reference and the correct name of the recipient in writing';
    const result = paraphrase(long);
    assert.ok(result);
    const words = result.reflection.split(' ');
    assert.ok(words.length <= 25, result.reflection);
    assert.ok(
      long
        .toLowerCase()
        .replace(/\bmy\b/g, 'your')
        .includes(result.reflection.toLowerCase()),
    );
    assert.doesNotMatch(result.reflection, /\b(and|the|to|of)$/);
  });
});

describe('paraphrase: frames', () => {
  const input = 'My internet keeps dropping every evening';
  it('different variants give different frames, all ending with a question mark', () => {
    const texts = new Set([0, 1, 2, 3, 4].map((variant) => paraphrase(input, { variant })!.text));
    assert.ok(texts.size >= 4);
    for (const text of texts) assert.match(text, /^[A-Z].*\?$/);
  });
  it('avoids frames already used in the conversation', () => {
    const first = paraphrase(input, { variant: 0 })!;
    const second = paraphrase(input, { variant: 0, avoid: new Set([first.frame]) })!;
    assert.notEqual(second.frame, first.frame);
    assert.notEqual(second.text, first.text);
  });
  it('is deterministic', () => {
    assert.deepEqual(paraphrase(input, { variant: 7 }), paraphrase(input, { variant: 7 }));
  });
});

describe('paraphrase: other locales', () => {
  it('Spanish gets the neutral quoting frame without profanity or links', () => {
    const result = paraphrase('Hola. Mi pedido no ha llegado, joder, y ya pasaron dos semanas https://t.co/x', { locale: 'es' });
    assert.ok(result);
    assert.equal(result.reflection, 'Mi pedido no ha llegado, y ya pasaron dos semanas');
    assert.equal(result.text, 'Déjame comprobar si te entendí: «Mi pedido no ha llegado, y ya pasaron dos semanas». ¿Es así?');
    assert.equal(result.emotion, null);
  });
  it('Spanish questions and greetings get no echo', () => {
    assert.equal(paraphrase('¿Dónde está mi pedido?', { locale: 'es-MX' }), null);
    assert.equal(paraphrase('Hola, buenos días', { locale: 'es' }), null);
    assert.equal(paraphrase('Muchas gracias por todo', { locale: 'es' }), null);
  });
});

describe('reflectPronouns', () => {
  const rows: [string, string][] = [
    ['I was charged twice', 'you were charged twice'],
    ["I'm locked out of my account", "you're locked out of your account"],
    ['Am I supposed to pay again?', 'are you supposed to pay again?'],
    ['Was I charged?', 'were you charged?'],
    ['I am sure you charged me twice', "you're sure we charged you twice"],
    ['you guys told me you would call', 'we told you we would call'],
    ['I gave you my card', 'you gave us your card'],
    ['I told y’all my address', 'you told us your address'],
    ['we love your product', 'you love our product'],
    ['I asked you guys for help', 'you asked us for help'],
    ['Your app crashes', 'our app crashes'],
    ['the parcel was sent to myself', 'the parcel was sent to yourself'],
    ['that one is mine, not yours', 'that one is yours, not ours'],
    ['im sure u r right', "you're sure we're right"],
  ];
  for (const [input, expected] of rows) {
    it(`${input} → ${expected}`, () => assert.equal(reflectPronouns(input), expected));
  }
  it('never produces "you am"', () => {
    for (const input of ['I am', 'am I', 'I am, I was, I have', 'You are and I am']) {
      assert.doesNotMatch(reflectPronouns(input), /\byou am\b|\bwe am\b/);
    }
  });
});

describe('createEchoer', () => {
  const text = 'My order has not arrived';
  it('falls back to the rules without a plug-in', async () => {
    const result = await createEchoer().echo(text);
    assert.equal(result?.reflection, "your order hasn't arrived");
  });
  it('wraps a string from an async plug-in in a catalog frame', async () => {
    const echoer = createEchoer({ paraphraser: async () => 'your parcel is late.' });
    const result = await echoer.echo(text, { variant: 1 });
    assert.equal(result?.reflection, 'your parcel is late');
    assert.equal(result?.text, 'So your parcel is late. Is that right?');
  });
  it('passes a whole result from a sync plug-in through', async () => {
    const own = { text: 'Custom?', reflection: 'custom', emotion: null, confidence: 1, frame: 'x' };
    assert.deepEqual(await createEchoer({ paraphraser: () => own }).echo(text), own);
  });
  it('aborts a slow plug-in after the timeout and falls back', async () => {
    let aborted = false;
    const echoer = createEchoer({
      timeoutMs: 20,
      paraphraser: (_text, { signal }) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => (aborted = true));
          setTimeout(() => resolve('too late'), 500).unref();
        }),
    });
    const result = await echoer.echo(text);
    assert.equal(aborted, true);
    assert.equal(result?.reflection, "your order hasn't arrived");
  });
  it('falls back when the plug-in throws or returns nothing', async () => {
    const throwing = createEchoer({
      paraphraser: () => {
        throw new Error('boom');
      },
    });
    assert.equal((await throwing.echo(text))?.reflection, "your order hasn't arrived");
    const rejecting = createEchoer({ paraphraser: () => Promise.reject(new Error('boom')) });
    assert.equal((await rejecting.echo(text))?.reflection, "your order hasn't arrived");
    const empty = createEchoer({ paraphraser: () => '  ' });
    assert.equal((await empty.echo(text))?.reflection, "your order hasn't arrived");
  });
  it('gives the plug-in the locale and uses Spanish frames for its string', async () => {
    let seen = '';
    const echoer = createEchoer({ locale: 'es', paraphraser: (_t, ctx) => ((seen = ctx.locale), 'tu pedido no ha llegado') });
    const result = await echoer.echo('Mi pedido no ha llegado');
    assert.equal(seen, 'es');
    assert.equal(result?.text, 'Parece que tu pedido no ha llegado. ¿Lo entendí bien?');
  });
  it('uses the Spanish neutral frame without a plug-in', async () => {
    const echoer = createEchoer({ translator: createTranslator({ locale: 'es' }) });
    const result = await echoer.echo('Mi tarjeta fue rechazada');
    assert.equal(result?.text, 'Déjame comprobar si te entendí: «Mi tarjeta fue rechazada». ¿Es así?');
  });
});

describe('paraphrase: termination', () => {
  it('returns on two linker words after an emotion word (used to loop forever)', () => {
    assert.equal(paraphrase('You still worrying about that'), null);
  });
});

describe('paraphrase: the country, not the company', () => {
  it('keeps "the US" when a shouted message is lowered', () => {
    assert.match(paraphrase('SHIPPING TO THE US IS BROKEN')?.reflection ?? '', /the US is broken/);
    assert.equal(paraphrase('You sent us the wrong size')?.reflection, 'we sent you the wrong size');
  });
});
