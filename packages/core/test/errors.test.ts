import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttuneError, isAttuneError } from '../src/index.js';
import { validationError } from '../src/errors.js';

test('AttuneError carries code, retryable, cause and details', () => {
  const cause = new Error('socket hang up');
  const error = new AttuneError('transport/unreachable', 'Server unreachable', { cause, retryable: true });
  assert.equal(error.code, 'transport/unreachable');
  assert.equal(error.retryable, true);
  assert.equal(error.cause, cause);
  assert.deepEqual(error.details, []);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'AttuneError');
});

test('isAttuneError recognises copies from another bundle by shape', () => {
  const foreign = { name: 'AttuneError', code: 'input/empty', message: 'x' };
  assert.equal(isAttuneError(foreign), true);
  assert.equal(isAttuneError(new Error('plain')), false);
  assert.equal(isAttuneError(null), false);
});

test('validation errors list every detail path in the message', () => {
  const error = validationError('flow/invalid', 'The flow is invalid.', [
    { path: 'steps.refund.options[2].next', message: 'unknown step "refnd"' },
    { path: 'start', message: 'is required' },
  ]);
  assert.equal(error.details.length, 2);
  for (const d of error.details) assert.match(error.message, new RegExp(d.path.replace(/[.[\]]/g, '\\$&')));
  assert.deepEqual(JSON.parse(JSON.stringify(error)).code, 'flow/invalid');
});
