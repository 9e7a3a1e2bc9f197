// The prompt elements, registered together: the chunk the script-tag bundle loads when a
// transcript first shows an echo, a picker, a recap, a CSAT question or a handoff.
import './attune-echo.js';
import './attune-option-picker.js';
import './attune-recap.js';
import './attune-csat.js';
import './attune-handoff.js';
