// Side-effectful entry: registers every Attune element (a second copy on the page is tolerated).
import './define/attune-chat.js';
import './define/attune-message-list.js';
import './define/attune-composer.js';
import './define/attune-echo.js';
import './define/attune-option-picker.js';
import './define/attune-recap.js';
import './define/attune-csat.js';
import './define/attune-handoff.js';

// The same public names as the side-effect-free entry, which owns the explicit list.
export * from './elements.js';
