import { AttuneMessageList } from '../components/message-list/message-list.component.js';
import { define } from '../internal/define.js';

define('attune-message-list', AttuneMessageList);

declare global {
  interface HTMLElementTagNameMap {
    'attune-message-list': AttuneMessageList;
  }
}
