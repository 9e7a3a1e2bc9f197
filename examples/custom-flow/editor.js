// The flow editor: validates the JSON on every edit with `defineFlow` (which reports every
// problem with its path) and runs the last valid flow in the <attune-chat> beside it by
// handing the element a conversation of our own (`localAgent(flow)` runs it in the page).
import { createConversation, defineFlow, isAttuneError, localAgent } from '/packages/core/dist/index.js';

const $ = (id) => document.getElementById(id);
const textarea = $('flow-json');
const status = $('flow-status');
const problems = $('problems');
const runButton = $('run');
const chat = $('chat');

let sample = '';
/** The flow that passed validation last (what "Run" starts). */
let valid = null;
/** The conversation the widget shows; ours to dispose. */
let conversation = null;
let timer = 0;

function problem(path, message) {
  const item = document.createElement('li');
  const where = document.createElement('code');
  where.textContent = path || '(root)';
  item.append(where, document.createTextNode(message));
  return item;
}

/** Where a JSON.parse error points, as "line 3, column 7" when the engine tells us the offset. */
function jsonWhere(error, text) {
  const line = /line (\d+) column (\d+)/.exec(error.message);
  if (line) return `line ${line[1]}, column ${line[2]}`;
  const at = /position (\d+)/.exec(error.message);
  if (!at) return 'JSON';
  const before = text.slice(0, Number(at[1])).split('\n');
  return `line ${before.length}, column ${before.at(-1).length + 1}`;
}

function validate() {
  const text = textarea.value;
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return show([{ path: jsonWhere(error, text), message: `Not valid JSON: ${error.message}` }], 'The file is not valid JSON.');
  }
  try {
    valid = defineFlow(json);
  } catch (error) {
    if (isAttuneError(error) && error.code === 'flow/invalid') {
      const n = error.details.length;
      return show(error.details, `${n} problem${n === 1 ? '' : 's'} — fix ${n === 1 ? 'it' : 'them'} to run this version.`);
    }
    throw error;
  }
  const steps = Object.keys(valid.steps).length;
  show([], `Valid flow “${valid.id}” — ${steps} steps.`);
}

function show(list, summary) {
  const ok = list.length === 0;
  if (!ok) valid = null;
  textarea.setAttribute('aria-invalid', String(!ok));
  status.dataset.state = ok ? 'valid' : 'invalid';
  status.textContent = summary;
  problems.replaceChildren(...list.map((d) => problem(d.path, d.message)));
  runButton.disabled = !ok;
}

function run() {
  if (!valid) return;
  const previous = conversation;
  conversation = createConversation({ transport: localAgent(valid) });
  chat.conversation = conversation;
  // The element never disposes a conversation it was given: that is our job.
  previous?.dispose();
  $('running').textContent = `Running “${valid.id}”. Edit the JSON and press “Run this flow” to restart it.`;
}

textarea.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(validate, 200);
});
runButton.addEventListener('click', run);
$('reset').addEventListener('click', () => {
  textarea.value = sample;
  validate();
  run();
});

try {
  const res = await fetch(new URL('./returns-flow.json', import.meta.url));
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  sample = (await res.text()).trimEnd();
  textarea.value = sample;
  validate();
  run();
} catch (error) {
  show([{ path: 'returns-flow.json', message: `could not be loaded (${error.message})` }], 'The sample flow could not be loaded.');
}
