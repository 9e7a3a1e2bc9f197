import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator, detectDirection, en, es, format } from '../src/i18n/index.js';
import type { MessageKey } from '../src/i18n/index.js';
import { registerMessages } from '../src/i18n/index.js';
import { ar } from '../src/i18n/messages/ar.js';
import { he } from '../src/i18n/messages/he.js';

const placeholders = (value: unknown): string[] => [...new Set(JSON.stringify(value).match(/\{\w+\}/g) ?? [])].sort();

describe('createTranslator', () => {
  it('defaults to en', () => {
    const tr = createTranslator();
    assert.equal(tr.locale, 'en');
    assert.equal(tr.t('ui.send'), 'Send');
  });

  const chain: [locale: string, expected: string][] = [
    ['es', 'Enviar'],
    ['es-MX', 'Enviar'],
    ['es_mx', 'Enviar'],
    ['ES-mx', 'Enviar'],
    ['fr-CA', 'Send'],
    ['not a locale!', 'Send'],
  ];
  for (const [locale, expected] of chain) {
    it(`falls back from ${locale}`, () => assert.equal(createTranslator({ locale }).t('ui.send'), expected));
  }

  it('canonicalises the locale', () => assert.equal(createTranslator({ locale: 'es_mx' }).locale, 'es-MX'));

  it('lets messages add a locale and patch strings; region beats language beats en', () => {
    const tr = createTranslator({
      locale: 'es-MX',
      messages: { 'es-mx': { 'ui.send': 'Mandar' }, fr: { 'ui.send': 'Envoyer' } },
    });
    assert.equal(tr.t('ui.send'), 'Mandar');
    assert.equal(tr.t('ui.retry'), 'Reintentar');
    assert.equal(createTranslator({ locale: 'fr', messages: { fr: { 'ui.send': 'Envoyer' } } }).t('ui.send'), 'Envoyer');
    assert.equal(createTranslator({ locale: 'fr', messages: { fr: { 'ui.send': 'Envoyer' } } }).t('ui.retry'), 'Retry');
  });

  it('the override hook wins over every catalog, per string', () => {
    const calls: string[] = [];
    const tr = createTranslator({
      locale: 'es',
      messages: { es: { 'ui.send': 'Mandar' } },
      override: (key, locale, vars) => {
        calls.push(`${key}@${locale}`);
        if (key === 'ui.send') return 'Go';
        if (key === 'handoff.connected') return `${vars.name} is here`;
        if (key === 'csat.scoreLabel') return '{count}★';
        return undefined;
      },
    });
    assert.equal(tr.t('ui.send'), 'Go');
    assert.equal(tr.t('ui.retry'), 'Reintentar');
    assert.equal(tr.t('handoff.connected', { name: 'Ana' }), 'Ana is here');
    assert.equal(tr.plural('csat.scoreLabel', 3), '3★');
    assert.equal(tr.pick('apology').text, es.apology[0]);
    assert.ok(calls.includes('ui.send@es'));
  });

  it('formats placeholders and keeps unknown ones', () => {
    assert.equal(format('{name} has joined.', { name: 'Ana' }), 'Ana has joined.');
    assert.equal(format('{a}{b}', { a: 1 }), '1{b}');
    const tr = createTranslator();
    assert.equal(tr.t('handoff.connected', { name: 'Sam' }), 'Sam has joined.');
    assert.equal(tr.t('ui.flowError', { message: 'bad flow' }), "This chat couldn't start: bad flow");
    assert.equal(tr.format('{x}!', { x: 'hi' }), 'hi!');
  });

  const plurals: [locale: string, key: MessageKey, count: number, expected: string][] = [
    ['en', 'csat.scoreLabel', 1, '1 star'],
    ['en', 'csat.scoreLabel', 0, '0 stars'],
    ['en', 'csat.scoreLabel', 5, '5 stars'],
    ['en', 'ui.charsLeft', 1, '1 character left'],
    ['en', 'ui.charsLeft', 12, '12 characters left'],
    ['es', 'csat.scoreLabel', 1, '1 estrella'],
    ['es', 'csat.scoreLabel', 4, '4 estrellas'],
    ['es', 'ui.charsLeft', 1, 'Queda 1 carácter'],
    ['es', 'ui.charsLeft', 3, 'Quedan 3 caracteres'],
    ['es', 'ui.charsLeft', 1000000, 'Quedan 1000000 caracteres'],
  ];
  for (const [locale, key, count, expected] of plurals) {
    it(`plural ${locale} ${key} ${count}`, () => {
      const tr = createTranslator({ locale });
      assert.equal(tr.plural(key, count), expected);
      assert.equal(tr.t(key, { count }), expected);
    });
  }

  it('variants and pick: deterministic, wraps around, avoids used ids', () => {
    const tr = createTranslator();
    const all = tr.variants('ack.frustration.strong');
    assert.ok(all.length >= 3);
    assert.deepEqual(tr.pick('ack.frustration.strong', { variant: 1 }), { id: 'ack.frustration.strong#1', text: all[1] });
    assert.equal(tr.pick('ack.frustration.strong', { variant: all.length + 1 }).id, 'ack.frustration.strong#1');
    assert.equal(tr.pick('ack.frustration.strong', { variant: -1 }).id, `ack.frustration.strong#${all.length - 1}`);
    const used = new Set<string>();
    for (const _ of all) {
      const picked = tr.pick('ack.frustration.strong', { variant: 0, avoid: used });
      assert.ok(!used.has(picked.id));
      used.add(picked.id);
    }
    assert.equal(used.size, all.length);
    // Once all are used, repeating is unavoidable: the requested one comes back.
    assert.equal(tr.pick('ack.frustration.strong', { variant: 2, avoid: used }).id, 'ack.frustration.strong#2');
    assert.deepEqual(tr.variants('ui.send'), ['Send']);
    assert.deepEqual(tr.pick('ui.send'), { id: 'ui.send#0', text: 'Send' });
    assert.equal(tr.pick('echo.frame', { vars: { reflection: 'x', emotion: '' } }).text, 'It sounds like x — did I get that right?');
  });

  it('a key missing everywhere comes back as the key', () => {
    const tr = createTranslator({ locale: 'es' });
    assert.equal(tr.t('no.such.key'), 'no.such.key');
    assert.equal(tr.plural('no.such.key', 2), 'no.such.key');
    assert.deepEqual(tr.pick('no.such.key'), { id: 'no.such.key#0', text: 'no.such.key' });
    assert.deepEqual(tr.variants('no.such.key'), []);
  });
});

describe('direction', () => {
  const rows: [string, 'ltr' | 'rtl'][] = [
    ['ar', 'rtl'],
    ['ar-EG', 'rtl'],
    ['he', 'rtl'],
    ['fa_IR', 'rtl'],
    ['ur', 'rtl'],
    ['az-Arab', 'rtl'],
    ['en', 'ltr'],
    ['es-MX', 'ltr'],
    ['ku-Latn', 'ltr'],
    ['art', 'ltr'],
  ];
  for (const [locale, dir] of rows) {
    it(`${locale} → ${dir}`, () => {
      assert.equal(detectDirection(locale), dir);
      assert.equal(createTranslator({ locale }).dir, dir);
    });
  }
});

describe('catalogs', () => {
  const keys = Object.keys(en) as MessageKey[];
  it('es has every en key with the same kind of value', () => {
    for (const key of keys) {
      assert.ok(key in es, `es is missing ${key}`);
      const a = en[key];
      const b = es[key];
      assert.equal(Array.isArray(b), Array.isArray(a), key);
      assert.equal(typeof b, typeof a, key);
    }
    assert.deepEqual(Object.keys(es).sort(), [...keys].sort());
  });
  it('es placeholders match en, key by key', () => {
    for (const key of keys) assert.deepEqual(placeholders(es[key]), placeholders(en[key]), key);
  });
  for (const [name, catalog] of [
    ['ar', ar],
    ['he', he],
  ] as const) {
    it(`${name} (opt-in) has every en key, the same kind of value and the same placeholders`, () => {
      assert.deepEqual(Object.keys(catalog).sort(), [...keys].sort());
      for (const key of keys) {
        assert.equal(Array.isArray(catalog[key]), Array.isArray(en[key]), key);
        assert.equal(typeof catalog[key], typeof en[key], key);
        // Plural forms may spell out small counts ("نجمتان"), so only "other" must keep {count}.
        const value = catalog[key];
        const compared = typeof value === 'object' && !Array.isArray(value) ? (value as { other: string }).other : value;
        const reference = en[key];
        assert.deepEqual(
          placeholders(compared),
          placeholders(typeof reference === 'object' && !Array.isArray(reference) ? (reference as { other: string }).other : reference),
          key,
        );
      }
    });
  }
  it('registerMessages adds a catalog for every translator created afterwards', () => {
    assert.equal(createTranslator({ locale: 'he' }).t('ui.send'), 'Send', 'not registered yet: English');
    registerMessages('he', he);
    registerMessages('ar', ar);
    const tr = createTranslator({ locale: 'he-IL' });
    assert.equal(tr.t('ui.send'), 'שליחה');
    assert.equal(tr.dir, 'rtl');
    const arabic = createTranslator({ locale: 'ar' });
    assert.equal(arabic.plural('csat.scoreLabel', 2), 'نجمتان');
    assert.equal(arabic.plural('csat.scoreLabel', 5), '5 نجوم');
    assert.equal(arabic.plural('csat.scoreLabel', 11), '11 نجمة');
  });
  it('keys the other helpers rely on exist', () => {
    const required = [
      'echo.frame',
      'echo.emotionClause',
      'echo.neutralFrame',
      'echo.confirm',
      'echo.correct',
      'echo.correctionPrompt',
      'echo.correctionPlaceholder',
      'echo.confirmed',
      'echo.emotion.frustrating',
      'echo.emotion.worrying',
      'echo.emotion.confusing',
      'echo.emotion.upsetting',
      'ack.frustration.strong',
      'ack.frustration.mild',
      'ack.anxiety.strong',
      'ack.anxiety.mild',
      'ack.confusion.mild',
      'ack.sadness.strong',
      'ack.sadness.mild',
      'ack.satisfaction.mild',
      'apology',
      'care',
      'handoff.offerPrompt',
      'handoff.optionHuman',
      'handoff.optionContinue',
      'handoff.requested',
      'handoff.waiting',
      'handoff.connected',
      'recap.heading',
      'recap.understood',
      'recap.done',
      'recap.nextStep',
      'recap.who',
      'recap.when',
      'recap.unresolved',
      'recap.resolved',
      'csat.prompt',
      'csat.scoreLabel',
      'csat.commentLabel',
      'csat.commentPlaceholder',
      'csat.submit',
      'csat.thanks',
      'csat.scale.1',
      'csat.scale.2',
      'csat.scale.3',
      'csat.scale.4',
      'csat.scale.5',
      'ui.heading',
      'ui.launcherOpen',
      'ui.launcherClose',
      'ui.placeholder',
      'ui.send',
      'ui.composerLabel',
      'ui.transcriptLabel',
      'ui.typing',
      'ui.status.idle',
      'ui.status.connecting',
      'ui.status.open',
      'ui.status.reconnecting',
      'ui.status.offline',
      'ui.status.closed',
      'ui.retry',
      'ui.failed',
      'ui.pending',
      'ui.charsLeft',
      'ui.tooLong',
      'ui.you',
      'ui.agent',
      'ui.system',
      'ui.error.generic',
      'ui.flowError',
      'ui.empty',
      'ui.choiceChosen',
      'agent.greeting',
      'agent.askDetails',
      'agent.fallback',
      'agent.thanksReply',
      'agent.closing',
    ];
    for (const key of required) assert.ok(key in en, key);
  });
  it('variant counts: frames and care 4+, acks 3+', () => {
    for (const catalog of [en, es]) {
      assert.ok(catalog['echo.frame'].length >= 4);
      assert.ok(catalog.care.length >= 4);
      for (const key of keys.filter((k) => k.startsWith('ack.'))) assert.ok((catalog[key] as readonly string[]).length >= 3, key);
    }
  });
  it('acknowledgments never apologise; every echo frame asks', () => {
    for (const key of keys.filter((k) => k.startsWith('ack.'))) {
      for (const line of [...(en[key] as readonly string[]), ...(es[key] as readonly string[])]) {
        assert.doesNotMatch(line, /sorry|apolog|lo siento|lamento|perd[oó]n|disculp/i, line);
      }
    }
    for (const frame of [...en['echo.frame'], ...es['echo.frame'], en['echo.neutralFrame'], es['echo.neutralFrame']]) {
      assert.match(frame, /\?$/);
    }
  });
});
