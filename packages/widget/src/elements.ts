// Side-effect-free entry: the element classes, for registering under your own names.
export { AttuneChat } from './components/chat/chat.component.js';
