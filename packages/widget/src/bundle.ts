// The self-contained attune-widget.js: what the first paint needs is in this entry; the prompt
// elements, like the in-page agent, the tone model and the markdown renderer, are chunks
// next to it, fetched by relative import() from the same origin (so `script-src 'self'`
// allows them) the first time a conversation needs them.
import './define/attune-chat.js';
import './define/attune-message-list.js';
import './define/attune-composer.js';
import { setPromptLoader } from './internal/lazy-elements.js';

setPromptLoader(() => import('./define/prompts.js'));
