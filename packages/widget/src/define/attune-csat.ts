import { AttuneCsat } from '../components/csat/csat.component.js';
import { define } from '../internal/define.js';

define('attune-csat', AttuneCsat);

declare global {
  interface HTMLElementTagNameMap {
    'attune-csat': AttuneCsat;
  }
}
