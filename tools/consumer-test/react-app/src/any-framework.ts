import '@attune/widget';
import { createConversation, httpTransport } from '@attune/core';

const chat = document.querySelector('attune-chat');
if (chat) {
  chat.conversation = createConversation({ transport: httpTransport({ url: '/attune' }), storage: 'local' });
  chat.addEventListener('attune-choose', (e) => console.log(e.detail.optionId));
}
