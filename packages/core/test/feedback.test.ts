import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FEEDBACK_REASON_MAX, parseFeedbackEvent, validateFeedback } from '../src/index.js';
import { isAttuneError } from '../src/errors.js';

const invalid = (code: string, path: string) => (e: unknown) =>
  isAttuneError(e) && e.code === code && e.details.some((d) => d.path === path) && e.message.includes(path);

describe('validateFeedback', () => {
  it('accepts a thumbs up or down with an optional reason, trimmed', () => {
    assert.deepEqual(validateFeedback({ messageId: 'a1', value: 'up' }), { messageId: 'a1', value: 'up' });
    assert.deepEqual(validateFeedback({ messageId: 'a1', value: 'down', reason: '  Did not answer my question ' }), {
      messageId: 'a1',
      value: 'down',
      reason: 'Did not answer my question',
    });
    assert.deepEqual(validateFeedback({ messageId: 'a1', value: 'down', reason: '   ' }), { messageId: 'a1', value: 'down' });
  });

  it('rejects anything else with input/invalid and every path', () => {
    assert.throws(() => validateFeedback(null), invalid('input/invalid', ''));
    assert.throws(() => validateFeedback({ messageId: '', value: 'up' }), invalid('input/invalid', 'messageId'));
    assert.throws(() => validateFeedback({ messageId: 'a1', value: 'meh' }), invalid('input/invalid', 'value'));
    assert.throws(() => validateFeedback({ messageId: 'a1', value: 'down', reason: 3 }), invalid('input/invalid', 'reason'));
    assert.throws(() => validateFeedback({ messageId: 'a1', value: 'down', reason: 'x'.repeat(FEEDBACK_REASON_MAX + 1) }), invalid('input/invalid', 'reason'));
    try {
      validateFeedback({ messageId: 7, value: 'sideways' });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(isAttuneError(e));
      assert.deepEqual(
        e.details.map((d) => d.path),
        ['messageId', 'value'],
      );
    }
  });
});

describe('parseFeedbackEvent', () => {
  it('validates the v1.1 wire event', () => {
    assert.deepEqual(parseFeedbackEvent('{"v":1,"type":"feedback","id":"f1","messageId":"a1","value":"down","reason":"wrong"}'), {
      v: 1,
      type: 'feedback',
      id: 'f1',
      messageId: 'a1',
      value: 'down',
      reason: 'wrong',
    });
    assert.deepEqual(parseFeedbackEvent({ v: 1, type: 'feedback', id: 'f1', messageId: 'a1', value: 'up', at: 5 }), {
      v: 1,
      type: 'feedback',
      id: 'f1',
      messageId: 'a1',
      value: 'up',
      at: 5,
    });
  });

  it('rejects malformed events with protocol errors', () => {
    assert.throws(
      () => parseFeedbackEvent('{'),
      (e: unknown) => isAttuneError(e) && e.code === 'protocol/invalid',
    );
    assert.throws(() => parseFeedbackEvent({ v: 2, type: 'feedback' }), invalid('protocol/version', 'v'));
    assert.throws(() => parseFeedbackEvent({ v: 1, type: 'message', id: 'f1' }), invalid('protocol/invalid', 'type'));
    assert.throws(() => parseFeedbackEvent({ v: 1, type: 'feedback', messageId: 'a1', value: 'up' }), invalid('protocol/invalid', 'id'));
    assert.throws(() => parseFeedbackEvent({ v: 1, type: 'feedback', id: 'f1', messageId: 'a1', value: 'up', at: 'now' }), invalid('protocol/invalid', 'at'));
    assert.throws(() => parseFeedbackEvent({ v: 1, type: 'feedback', id: 'f1', messageId: 'a1', value: 'meh' }), invalid('protocol/invalid', 'value'));
  });
});
