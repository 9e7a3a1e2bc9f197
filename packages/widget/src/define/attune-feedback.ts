import { AttuneFeedback } from '../components/feedback/feedback.component.js';
import { define } from '../internal/define.js';

define('attune-feedback', AttuneFeedback);

declare global {
  interface HTMLElementTagNameMap {
    'attune-feedback': AttuneFeedback;
  }
}
