import type { AnatomyPart, optionPickerAnatomy } from '../anatomy.js';
import { AttuneError } from '../../errors.js';
import type { ChoiceMessage, ChoiceOption } from '../../types.js';
import type { KeyEventLike } from '../props.types.js';
import type { OptionPickerApi, OptionPickerContext, OptionPickerIntent } from './option-picker.types.js';

type OptionPickerPart = AnatomyPart<typeof optionPickerAnatomy>;

/**
 * Maps a `KeyboardEvent.key` to what it means in an option picker: arrows move
 * (Left/Right swap in right-to-left layouts), Home/End jump, Enter/Space select.
 * @example optionPickerKeyIntent('ArrowLeft', 'rtl') // 'next'
 */
export function optionPickerKeyIntent(key: string, dir: 'ltr' | 'rtl' = 'ltr'): OptionPickerIntent | null {
  const rtl = dir === 'rtl';
  switch (key) {
    case 'ArrowDown':
      return 'next';
    case 'ArrowUp':
      return 'prev';
    case 'ArrowRight':
      return rtl ? 'prev' : 'next';
    case 'ArrowLeft':
      return rtl ? 'next' : 'prev';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Enter':
    case ' ':
    case 'Spacebar':
      return 'select';
  }
  return null;
}

/**
 * Turns a choice into React-shaped props for the WAI-ARIA radio-group pattern: real
 * buttons with `role="radio"`, roving `tabIndex`, arrow keys that move focus (through
 * `ctx.onHighlight`) and Enter/Space that choose. Choosing is final, so arrows only
 * move focus; after a choice the others are disabled and the chosen one stays readable.
 * @example
 * const api = connectOptionPicker(choice, { onChoose: (id) => conversation.choose(choice.id, id) });
 * <div {...api.getRootProps()}>{choice.options.map((o) => <button {...api.getOptionProps(o)}>{o.label}</button>)}</div>
 */
export function connectOptionPicker(choice: Pick<ChoiceMessage, 'id' | 'prompt' | 'options' | 'chosen'>, ctx: OptionPickerContext): OptionPickerApi {
  const base = `${ctx.idPrefix ?? 'attune-'}${choice.id}`;
  const options = choice.options;
  const chosen = choice.chosen;
  const disabled = chosen !== undefined;
  const has = (id: string | undefined): id is string => options.some((o) => o.id === id);
  const highlightedId = has(ctx.highlightedId) ? ctx.highlightedId : undefined;
  const tabStop = chosen ?? highlightedId ?? options[0].id;
  const optionId = (o: ChoiceOption) => `${base}-option-${o.id}`;
  const descriptionId = (o: ChoiceOption) => `${base}-description-${o.id}`;

  const choose = (id: string): boolean => {
    if (!has(id)) throw new AttuneError('choice/option', `No option "${String(id)}" in choice "${choice.id}"`);
    if (disabled) return false;
    ctx.onChoose(id);
    return true;
  };

  return {
    chosen,
    disabled,
    highlightedId,
    choose,
    getRootProps: () => ({
      id: base,
      role: 'radiogroup',
      ...(ctx.label ? { 'aria-label': ctx.label } : { 'aria-labelledby': `${base}-label` }),
      ...(disabled && { 'aria-disabled': true }),
      ...(ctx.dir && { dir: ctx.dir }),
      'data-part': 'root' satisfies OptionPickerPart,
      'data-state': disabled ? 'chosen' : 'open',
    }),
    getLabelProps: () => ({ id: `${base}-label`, 'data-part': 'label' satisfies OptionPickerPart }),
    getDescriptionProps: (o) => ({ id: descriptionId(o), 'data-part': 'option-description' satisfies OptionPickerPart }),
    getOptionProps: (o) => {
      const checked = o.id === chosen;
      const off = disabled && !checked;
      const index = options.findIndex((x) => x.id === o.id);
      return {
        id: optionId(o),
        type: 'button',
        role: 'radio',
        tabIndex: o.id === tabStop ? 0 : -1,
        'aria-checked': checked,
        ...(o.description && { 'aria-describedby': descriptionId(o) }),
        ...(off && { 'aria-disabled': true, disabled: true }),
        'data-part': 'option' satisfies OptionPickerPart,
        'data-state': checked ? 'checked' : 'unchecked',
        ...(o.id === highlightedId && { 'data-highlighted': '' }),
        onClick: () => {
          if (!disabled) choose(o.id);
        },
        onFocus: () => {
          if (o.id !== highlightedId) ctx.onHighlight?.(o.id);
        },
        onKeyDown: (event: KeyEventLike) => {
          const intent = optionPickerKeyIntent(event.key, ctx.dir);
          if (!intent || disabled) return;
          event.preventDefault();
          if (intent === 'select') return void choose(o.id);
          const n = options.length;
          const target = intent === 'first' ? 0 : intent === 'last' ? n - 1 : (index + (intent === 'next' ? 1 : n - 1)) % n;
          const next = options[target];
          if (next) ctx.onHighlight?.(next.id);
        },
      };
    },
  };
}
