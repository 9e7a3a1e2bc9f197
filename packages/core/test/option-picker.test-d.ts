// Type tests, checked by `tsc -p tsconfig.json`: an option picker takes two or three options.
import { optionPicker } from '../src/primitives/option-picker/index.js';
import type { FlowDefinition } from '../src/flow/index.js';

const a = { id: 'a', label: 'A' };
const b = { id: 'b', label: 'B' };
const c = { id: 'c', label: 'C' };
const d = { id: 'd', label: 'D' };

optionPicker({ prompt: 'Two', options: [a, b] });
optionPicker({ prompt: 'Three', options: [a, b, c] });
// @ts-expect-error one option is too few
optionPicker({ prompt: 'One', options: [a] });
// @ts-expect-error four options are too many
optionPicker({ prompt: 'Four', options: [a, b, c, d] });
// @ts-expect-error no options
optionPicker({ prompt: 'None', options: [] });
// @ts-expect-error an option needs a label
optionPicker({ prompt: 'Unlabelled', options: [a, { id: 'x' }] });

const next = (o: { id: string; label: string }) => ({ ...o, next: 'end' });
export const ok: FlowDefinition = {
  id: 'f',
  start: 'pick',
  steps: { pick: { type: 'choose', prompt: 'P', options: [next(a), next(b)] }, end: { type: 'end' } },
};
export const bad: FlowDefinition = {
  id: 'f',
  start: 'pick',
  // @ts-expect-error a choose step with four options
  steps: { pick: { type: 'choose', prompt: 'P', options: [next(a), next(b), next(c), next(d)] }, end: { type: 'end' } },
};
