import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTranslator } from '../src/i18n/index.js';
import { connectEcho } from '../src/primitives/echo/index.js';
import type { EchoContext } from '../src/primitives/echo/index.js';
import type { EchoState } from '../src/types.js';

function setup(state: EchoState = 'proposed', extra: Partial<EchoContext> = {}) {
  const log: string[] = [];
  const api = connectEcho(
    { id: 'e1', state },
    {
      onConfirm: () => log.push('confirm'),
      onCorrect: (text) => log.push(`correct:${text ?? ''}`),
      onCorrectingChange: (v) => log.push(`correcting:${v}`),
      onDraftChange: (t) => log.push(`draft:${t}`),
      ...extra,
    },
  );
  return { api, log };
}
const key = (k: string) => ({ key: k, preventDefault() {} });

describe('connectEcho', () => {
  it('labels the group with the echo text and the buttons from the catalog', () => {
    const { api } = setup();
    assert.equal(api.getRootProps().role, 'group');
    assert.equal(api.getRootProps()['aria-labelledby'], api.getTextProps().id);
    assert.equal(api.labels.confirm, "Yes, that's right");
    assert.equal(api.labels.correct, 'Not quite');
    assert.equal(api.getConfirmProps().type, 'button');
    assert.equal(api.getConfirmProps().disabled, false);
    assert.equal(api.settled, false);
    const es = connectEcho({ id: 'e1', state: 'proposed' }, { onConfirm() {}, onCorrect() {}, translator: createTranslator({ locale: 'es' }) });
    assert.notEqual(es.labels.confirm, api.labels.confirm);
  });

  it('confirms and corrects through the context', () => {
    const { api, log } = setup();
    api.getConfirmProps().onClick();
    api.getCorrectProps().onClick();
    api.correct('  it was the blue one ');
    api.correct();
    assert.deepEqual(log, ['confirm', 'correcting:true', 'correcting:false', 'correct:it was the blue one', 'correcting:false', 'correct:']);
  });

  it('drives the correction field: draft, Enter submits, Escape cancels', () => {
    const { api, log } = setup('proposed', { correcting: true, draft: 'the red one' });
    assert.equal(api.correcting, true);
    const input = api.getCorrectionInputProps();
    assert.equal(input.value, 'the red one');
    assert.equal(input.id, api.getCorrectProps()['aria-controls']);
    assert.equal(api.getCorrectProps()['aria-expanded'], true);
    input.onChange({ target: { value: 'x' } });
    input.onKeyDown(key('Escape'));
    input.onKeyDown(key('Enter'));
    input.onKeyDown(key('a'));
    api.getCorrectionSubmitProps().onClick();
    assert.deepEqual(log, ['draft:x', 'correcting:false', 'correcting:false', 'correct:the red one', 'correcting:false', 'correct:the red one']);
  });

  it('disables everything once settled', () => {
    for (const state of ['confirmed', 'corrected'] as const) {
      const { api, log } = setup(state, { correcting: true });
      assert.equal(api.settled, true);
      assert.equal(api.correcting, false);
      assert.equal(api.getConfirmProps().disabled, true);
      assert.equal(api.getCorrectProps().disabled, true);
      assert.equal(api.getCorrectionInputProps().disabled, true);
      assert.equal(api.getRootProps()['data-state'], state);
      api.confirm();
      api.getConfirmProps().onClick();
      api.correct('x');
      api.startCorrection();
      assert.deepEqual(log, []);
    }
  });
});
