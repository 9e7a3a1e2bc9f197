import { AttuneError } from '../../errors.js';
import { hasOptionCount } from '../../rules.js';
import type { AttuneErrorCode, AttuneErrorDetail } from '../../errors.js';
import type { ChoiceOption, ChoiceOptions } from '../../types.js';
import type { OptionPicker, OptionPickerInput } from './option-picker.types.js';

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Validates two or three options. Throws `options/count` (not 2–3), `options/duplicate`
 * (same id twice) or `options/label` (empty label, or a missing id); `details` hold
 * every problem with a path like `options[2].label`. `path` prefixes those paths.
 */
export function validateOptions(options: unknown, path = 'options'): ChoiceOptions {
  if (!hasOptionCount(options)) {
    const message = `expected 2 or 3 options, got ${Array.isArray(options) ? options.length : 0}`;
    throw new AttuneError('options/count', `${path}: ${message}`, { details: [{ path, message }] });
  }
  const problems: (AttuneErrorDetail & { code: AttuneErrorCode })[] = [];
  const seen = new Set<string>();
  const copy = options.map((raw: unknown, i) => {
    const o = (raw ?? {}) as Partial<ChoiceOption>;
    const at = `${path}[${i}]`;
    if (!isText(o.id)) problems.push({ code: 'options/label', path: `${at}.id`, message: 'needs a non-empty id' });
    else if (seen.has(o.id)) problems.push({ code: 'options/duplicate', path: `${at}.id`, message: `duplicate id "${o.id}"` });
    else seen.add(o.id);
    if (!isText(o.label)) problems.push({ code: 'options/label', path: `${at}.label`, message: 'needs a non-empty label' });
    const option: ChoiceOption = { id: String(o.id), label: String(o.label) };
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- hostile input: the type is what we hope, not what arrives
    if (o.description != null) option.description = String(o.description);
    return option;
  });
  const [first] = problems;
  if (first) {
    const details = problems.map(({ path: p, message }) => ({ path: p, message }));
    throw new AttuneError(first.code, details.map((d) => `${d.path}: ${d.message}`).join('; '), { details });
  }
  return copy as unknown as ChoiceOptions;
}

/** A short stable hash (djb2, base 36) so generated ids survive reloads. */
export function hashId(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = (h * 33) ^ text.charCodeAt(i);
  return (h >>> 0).toString(36);
}

/**
 * Builds a validated option picker (the content of a `choice` message): exactly two or
 * three options, enforced by the `ChoiceOptions` tuple type and again at run time.
 * @throws `AttuneError` `options/count` | `options/duplicate` | `options/label` | `config/invalid` (empty prompt)
 * @example
 * const picker = optionPicker({
 *   prompt: 'What would help most?',
 *   options: [{ id: 'refund', label: 'A refund' }, { id: 'resend', label: 'Send it again' }],
 * });
 */
export function optionPicker(input: OptionPickerInput): OptionPicker {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- plain-JS callers may pass nothing
  const options = validateOptions(input?.options);
  if (!isText(input.prompt)) {
    throw new AttuneError('config/invalid', 'prompt: needs a non-empty prompt', {
      details: [{ path: 'prompt', message: 'needs a non-empty prompt' }],
    });
  }
  const id = input.id ?? `choice-${hashId(input.prompt + options.map((o) => o.id).join())}`;
  return { kind: 'choice', id, prompt: input.prompt, options };
}
