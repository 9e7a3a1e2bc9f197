import { AttuneRecap } from '../components/recap/recap.component.js';
import { define } from '../internal/define.js';

define('attune-recap', AttuneRecap);

declare global {
  interface HTMLElementTagNameMap {
    'attune-recap': AttuneRecap;
  }
}
