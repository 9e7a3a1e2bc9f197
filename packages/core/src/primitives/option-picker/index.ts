export { optionPicker, validateOptions } from './option-picker.js';
export { connectOptionPicker, optionPickerKeyIntent } from './option-picker.connect.js';
export type {
  OptionPicker,
  OptionPickerApi,
  OptionPickerContext,
  OptionPickerInput,
  OptionPickerIntent,
  OptionPickerOptionProps,
  OptionPickerRootProps,
} from './option-picker.types.js';
