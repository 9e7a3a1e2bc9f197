export { createConversation } from './conversation.js';
