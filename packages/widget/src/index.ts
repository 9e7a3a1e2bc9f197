// Side-effectful entry: registers every Attune element.
import './define/attune-chat.js';

export { AttuneChat } from './components/chat/chat.component.js';
