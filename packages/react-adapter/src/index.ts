export { useConversation } from './use-conversation.js';
