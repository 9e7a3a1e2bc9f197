import { AttuneOptionPicker } from '../components/option-picker/option-picker.component.js';
import { define } from '../internal/define.js';

define('attune-option-picker', AttuneOptionPicker);

declare global {
  interface HTMLElementTagNameMap {
    'attune-option-picker': AttuneOptionPicker;
  }
}
