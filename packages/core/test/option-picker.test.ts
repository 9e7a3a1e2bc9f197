import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAttuneError } from '../src/errors.js';
import { connectOptionPicker, optionPicker, optionPickerKeyIntent } from '../src/primitives/option-picker/index.js';
import type { ChoiceOptions } from '../src/types.js';

const three = [
  { id: 'refund', label: 'A refund' },
  { id: 'resend', label: 'Send it again', description: 'Ships today' },
  { id: 'human', label: 'Talk to a person' },
] as const;

// Run-time checks exist for callers the types cannot see (JSON, JavaScript).
const loose = (options: unknown) => ({ prompt: 'Pick one', options: options as ChoiceOptions });

function throwsCode(fn: () => unknown, code: string, paths: string[] = []) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isAttuneError(e));
    assert.equal(e.code, code);
    for (const p of paths) {
      assert.ok(
        e.details.some((d) => d.path === p),
        `missing detail ${p} in ${JSON.stringify(e.details)}`,
      );
      assert.ok(e.message.includes(p), `message names ${p}`);
    }
    return true;
  });
}

describe('optionPicker', () => {
  it('returns a choice with a stable id', () => {
    const a = optionPicker({ prompt: 'Pick one', options: three });
    assert.equal(a.kind, 'choice');
    assert.deepEqual(a.options, three);
    assert.notEqual(a.options, three);
    assert.equal(a.id, optionPicker({ prompt: 'Pick one', options: three }).id);
    assert.notEqual(a.id, optionPicker({ prompt: 'Pick another', options: three }).id);
    assert.equal(optionPicker({ id: 'p1', prompt: 'x', options: [three[0], three[1]] }).id, 'p1');
  });

  it('rejects 0, 1 and 4+ options with options/count', () => {
    throwsCode(() => optionPicker(loose([])), 'options/count', ['options']);
    throwsCode(() => optionPicker(loose([three[0]])), 'options/count', ['options']);
    throwsCode(() => optionPicker(loose([...three, { id: 'x', label: 'X' }])), 'options/count', ['options']);
    throwsCode(() => optionPicker(loose(undefined)), 'options/count');
  });

  it('rejects duplicate ids and empty labels with paths', () => {
    throwsCode(() => optionPicker(loose([three[0], { id: 'refund', label: 'Again' }])), 'options/duplicate', ['options[1].id']);
    throwsCode(() => optionPicker(loose([three[0], three[1], { id: 'c', label: '   ' }])), 'options/label', ['options[2].label']);
    // Every problem is reported, the first one's code wins.
    throwsCode(
      () =>
        optionPicker(
          loose([
            { id: 'a', label: '' },
            { id: 'a', label: 'B' },
          ]),
        ),
      'options/label',
      ['options[0].label', 'options[1].id'],
    );
  });

  it('rejects an empty prompt', () => {
    throwsCode(() => optionPicker({ prompt: ' ', options: three }), 'config/invalid', ['prompt']);
  });
});

describe('optionPickerKeyIntent', () => {
  it('maps arrows, Home/End, Enter/Space', () => {
    assert.equal(optionPickerKeyIntent('ArrowDown'), 'next');
    assert.equal(optionPickerKeyIntent('ArrowRight'), 'next');
    assert.equal(optionPickerKeyIntent('ArrowUp'), 'prev');
    assert.equal(optionPickerKeyIntent('ArrowLeft'), 'prev');
    assert.equal(optionPickerKeyIntent('Home'), 'first');
    assert.equal(optionPickerKeyIntent('End'), 'last');
    assert.equal(optionPickerKeyIntent('Enter'), 'select');
    assert.equal(optionPickerKeyIntent(' '), 'select');
    assert.equal(optionPickerKeyIntent('a'), null);
    assert.equal(optionPickerKeyIntent('Tab'), null);
  });

  it('swaps Left and Right in RTL', () => {
    assert.equal(optionPickerKeyIntent('ArrowLeft', 'rtl'), 'next');
    assert.equal(optionPickerKeyIntent('ArrowRight', 'rtl'), 'prev');
    assert.equal(optionPickerKeyIntent('ArrowDown', 'rtl'), 'next');
  });
});

function setup(chosen?: string, highlightedId?: string, dir?: 'ltr' | 'rtl') {
  const calls = { chose: [] as string[], highlighted: [] as string[] };
  const choice = { ...optionPicker({ id: 'c1', prompt: 'Pick one', options: three }), ...(chosen === undefined ? {} : { chosen }) };
  const api = connectOptionPicker(choice, {
    idPrefix: 'w-',
    highlightedId,
    dir,
    onChoose: (id) => calls.chose.push(id),
    onHighlight: (id) => calls.highlighted.push(id),
  });
  return { api, calls, choice };
}

const key = (k: string) => {
  const event = { key: k, prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
};

describe('connectOptionPicker', () => {
  it('gives the radio-group root, label and option props', () => {
    const { api, choice } = setup();
    const root = api.getRootProps();
    assert.equal(root.role, 'radiogroup');
    assert.equal(root['aria-labelledby'], api.getLabelProps().id);
    assert.equal(root['aria-disabled'], undefined);
    const [a, b] = choice.options.map((o) => api.getOptionProps(o));
    assert.equal(a!.role, 'radio');
    assert.equal(a!.type, 'button');
    assert.equal(a!['aria-checked'], false);
    assert.equal(a!['data-state'], 'unchecked');
    assert.equal(a!['data-part'], 'option');
    assert.equal(a!.disabled, undefined);
    assert.equal(b!['aria-describedby'], api.getDescriptionProps(choice.options[1]).id);
    assert.equal(a!['aria-describedby'], undefined);
    const ids = new Set([root.id, api.getLabelProps().id, ...choice.options.map((o) => api.getOptionProps(o).id)]);
    assert.equal(ids.size, 5, 'ids are unique');
    assert.ok(root.id.startsWith('w-'));
  });

  it('uses aria-label instead when given a label', () => {
    const api = connectOptionPicker(optionPicker({ prompt: 'P', options: three }), { label: 'Topics', onChoose() {} });
    assert.equal(api.getRootProps()['aria-label'], 'Topics');
    assert.equal(api.getRootProps()['aria-labelledby'], undefined);
  });

  it('roves tabIndex: first, else highlighted, else chosen', () => {
    const tabs = (s: ReturnType<typeof setup>) => s.choice.options.map((o) => s.api.getOptionProps(o).tabIndex);
    assert.deepEqual(tabs(setup()), [0, -1, -1]);
    assert.deepEqual(tabs(setup(undefined, 'human')), [-1, -1, 0]);
    assert.deepEqual(tabs(setup(undefined, 'nope')), [0, -1, -1]);
    assert.deepEqual(tabs(setup('resend', 'human')), [-1, 0, -1]);
    const s = setup(undefined, 'resend');
    assert.equal(s.api.getOptionProps(three[1])['data-highlighted'], '');
    assert.equal(s.api.getOptionProps(three[0])['data-highlighted'], undefined);
  });

  it('moves the highlight with wrap-around, Home and End', () => {
    const { api, calls } = setup(undefined, 'human');
    const [a, , c] = three.map((o) => api.getOptionProps(o));
    const down = key('ArrowDown');
    c!.onKeyDown(down);
    assert.ok(down.prevented);
    a!.onKeyDown(key('ArrowUp'));
    a!.onKeyDown(key('End'));
    c!.onKeyDown(key('Home'));
    a!.onKeyDown(key('ArrowRight'));
    const other = key('x');
    a!.onKeyDown(other);
    assert.equal(other.prevented, false);
    assert.deepEqual(calls.highlighted, ['refund', 'human', 'human', 'refund', 'resend']);
    assert.deepEqual(calls.chose, []);
  });

  it('reverses horizontal arrows in RTL', () => {
    const { api, calls } = setup(undefined, undefined, 'rtl');
    api.getOptionProps(three[0]).onKeyDown(key('ArrowLeft'));
    api.getOptionProps(three[0]).onKeyDown(key('ArrowRight'));
    assert.deepEqual(calls.highlighted, ['resend', 'human']);
    assert.equal(api.getRootProps().dir, 'rtl');
  });

  it('chooses with click, Enter and Space; focus follows highlight', () => {
    const { api, calls } = setup();
    api.getOptionProps(three[1]).onClick();
    api.getOptionProps(three[2]).onKeyDown(key('Enter'));
    api.getOptionProps(three[0]).onKeyDown(key(' '));
    api.getOptionProps(three[2]).onFocus();
    assert.deepEqual(calls.chose, ['resend', 'human', 'refund']);
    assert.deepEqual(calls.highlighted, ['human']);
    assert.equal(api.choose('refund'), true);
    assert.throws(
      () => api.choose('nope'),
      (e: unknown) => isAttuneError(e) && e.code === 'choice/option',
    );
  });

  it('is read-only after a choice, the chosen option stays readable', () => {
    const { api, calls } = setup('resend');
    assert.equal(api.disabled, true);
    assert.equal(api.chosen, 'resend');
    assert.equal(api.getRootProps()['aria-disabled'], true);
    const [a, b] = three.map((o) => api.getOptionProps(o));
    assert.equal(b!['aria-checked'], true);
    assert.equal(b!['data-state'], 'checked');
    assert.equal(b!.disabled, undefined);
    assert.equal(b!.tabIndex, 0);
    assert.equal(a!.disabled, true);
    assert.equal(a!['aria-disabled'], true);
    a!.onClick();
    b!.onKeyDown(key('Enter'));
    b!.onKeyDown(key('ArrowDown'));
    assert.equal(api.choose('refund'), false);
    assert.deepEqual(calls, { chose: [], highlighted: [] });
  });
});
