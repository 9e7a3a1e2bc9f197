import type { ChoiceMessage, ChoiceOption, ChoiceOptions } from '../../types.js';
import type { DataAttributes, KeyEventLike } from '../props.types.js';

/** Input of {@link optionPicker}: two or three options (one or four is a type error). */
export interface OptionPickerInput {
  /** Stable id; derived from the prompt and option ids when omitted. */
  id?: string;
  prompt: string;
  options: ChoiceOptions;
}

/** A validated option picker: the content of a `choice` message. */
export type OptionPicker = Pick<ChoiceMessage, 'kind' | 'id' | 'prompt' | 'options' | 'chosen' | 'purpose'>;

/** What a key press means to an option picker; the adapter does the focusing. */
export type OptionPickerIntent = 'next' | 'prev' | 'first' | 'last' | 'select';

/** Context an adapter passes to `connectOptionPicker`. */
export interface OptionPickerContext {
  /** Prefix of every DOM id (default `attune-`); make it unique per picker instance. */
  idPrefix?: string;
  /** The option that has (or should get) focus; the adapter keeps it. */
  highlightedId?: string | undefined;
  dir?: 'ltr' | 'rtl' | undefined;
  /** Called when the customer picks an option (click, Enter or Space). */
  onChoose(optionId: string): void;
  /** Called when focus should move to an option: focus the element whose id is `getOptionProps(o).id`. */
  onHighlight?(optionId: string): void;
  /** Accessible name for the group when the prompt is not rendered (`aria-label`). */
  label?: string;
}

/** Props of the group element (WAI-ARIA radio group). */
export interface OptionPickerRootProps extends DataAttributes {
  id: string;
  role: 'radiogroup';
  'aria-labelledby'?: string;
  'aria-label'?: string;
  'aria-disabled'?: boolean;
  dir?: 'ltr' | 'rtl' | undefined;
}

/** Props of one option: a real `<button>` with the radio role. */
export interface OptionPickerOptionProps extends DataAttributes {
  id: string;
  type: 'button';
  role: 'radio';
  tabIndex: 0 | -1;
  'aria-checked': boolean;
  'aria-disabled'?: boolean;
  'aria-describedby'?: string;
  disabled?: boolean;
  onClick(): void;
  onKeyDown(event: KeyEventLike): void;
  onFocus(): void;
}

/** What `connectOptionPicker` returns: state, actions and prop getters. */
export interface OptionPickerApi {
  /** Id of the chosen option, once chosen. */
  chosen: string | undefined;
  /** True once an option was chosen: the picker is read-only from then on. */
  disabled: boolean;
  highlightedId: string | undefined;
  /** Picks an option; returns false when the picker was already answered. Unknown id → `AttuneError('choice/option')`. */
  choose(optionId: string): boolean;
  getRootProps(): OptionPickerRootProps;
  getLabelProps(): DataAttributes & { id: string };
  getOptionProps(option: ChoiceOption): OptionPickerOptionProps;
  getDescriptionProps(option: ChoiceOption): DataAttributes & { id: string };
}
