import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTranslator } from '../src/i18n/index.js';
import { connectCsat, csatPrompt } from '../src/primitives/csat/index.js';
import type { CsatContext } from '../src/primitives/csat/index.js';

function setup(csat: { score?: number; comment?: string } = {}, ctx: Partial<CsatContext> = {}) {
  const rated: [number, string | undefined][] = [];
  const api = connectCsat({ id: 's1', scale: 5, ...csat }, { onRate: (s, c) => rated.push([s, c]), ...ctx });
  return { api, rated };
}

describe('csat', () => {
  it('builds the prompt in the translator language', () => {
    assert.deepEqual(csatPrompt(), { kind: 'csat', prompt: 'How did we do?', scale: 5 });
    assert.notEqual(csatPrompt(createTranslator({ locale: 'es' })).prompt, 'How did we do?');
  });

  it('offers five labelled toggle buttons in a labelled group', () => {
    const { api } = setup();
    assert.equal(api.getRootProps().role, 'group');
    assert.equal(api.getRootProps()['aria-labelledby'], api.getPromptProps().id);
    assert.deepEqual(api.scores, [1, 2, 3, 4, 5]);
    assert.equal(api.getScoreProps(1)['aria-label'], '1 star');
    assert.equal(api.getScoreProps(4)['aria-label'], '4 stars');
    assert.equal(api.getScoreProps(4).title, 'Good');
    assert.equal(api.getScoreProps(4)['aria-pressed'], false);
    assert.equal(api.submitted, false);
    assert.equal(api.getSubmitProps().disabled, true);
    assert.equal(api.getCommentProps().disabled, true);
    const es = setup({}, { translator: createTranslator({ locale: 'es' }) }).api;
    assert.equal(es.getScoreProps(1)['aria-label'], '1 estrella');
  });

  it('rates with one tap', () => {
    const { api, rated } = setup();
    api.getScoreProps(4).onClick();
    api.rate(9);
    assert.deepEqual(rated, [[4, undefined]]);
  });

  it('sends an optional comment after rating', () => {
    const { api, rated } = setup({ score: 2 }, { comment: '  slow  ' });
    assert.equal(api.submitted, true);
    assert.equal(api.getScoreProps(2)['aria-pressed'], true);
    assert.equal(api.getCommentProps().disabled, false);
    assert.equal(api.getCommentProps().value, '  slow  ');
    api.getSubmitProps().onClick();
    assert.deepEqual(rated, [[2, 'slow']]);
    const blank = setup({ score: 2 }, { comment: ' ' });
    blank.api.submitComment();
    assert.deepEqual(blank.rated, []);
  });

  it('is read-only once the comment was sent', () => {
    const { api, rated } = setup({ score: 5, comment: 'great' }, { comment: 'more' });
    assert.equal(api.commented, true);
    assert.equal(api.getScoreProps(3).disabled, true);
    assert.equal(api.getSubmitProps().disabled, true);
    api.getScoreProps(3).onClick();
    api.submitComment();
    assert.deepEqual(rated, []);
  });
});
