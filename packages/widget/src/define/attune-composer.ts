import { AttuneComposer } from '../components/composer/composer.component.js';
import { define } from '../internal/define.js';

define('attune-composer', AttuneComposer);

declare global {
  interface HTMLElementTagNameMap {
    'attune-composer': AttuneComposer;
  }
}
