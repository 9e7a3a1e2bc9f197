import { AttuneHandoff } from '../components/handoff/handoff.component.js';
import { define } from '../internal/define.js';

define('attune-handoff', AttuneHandoff);

declare global {
  interface HTMLElementTagNameMap {
    'attune-handoff': AttuneHandoff;
  }
}
