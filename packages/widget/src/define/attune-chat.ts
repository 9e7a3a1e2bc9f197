import { AttuneChat } from '../components/chat/chat.component.js';

// Tolerate a second registration (two copies of the bundle on one page).
if (!customElements.get('attune-chat')) customElements.define('attune-chat', AttuneChat);

declare global {
  interface HTMLElementTagNameMap {
    'attune-chat': AttuneChat;
  }
}
