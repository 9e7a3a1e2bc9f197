import { AttuneChat } from '../components/chat/chat.component.js';
import { define } from '../internal/define.js';

define('attune-chat', AttuneChat);

declare global {
  interface HTMLElementTagNameMap {
    'attune-chat': AttuneChat;
  }
}
