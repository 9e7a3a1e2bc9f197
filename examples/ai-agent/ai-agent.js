// Connects an <attune-chat> to the AI agent demo server. /config.json (written by
// `npm start`) says where it runs and which model answers (null: the scripted model).
import { createConversation, httpTransport } from '/packages/core/dist/index.js';

const $ = (id) => document.getElementById(id);

async function config() {
  try {
    const value = await (await fetch('/config.json')).json();
    if (value.ai?.url) return value.ai;
  } catch {
    // A plain static server has no /config.json: fall through to the default.
  }
  return { url: `${location.protocol}//${location.hostname}:8788`, model: null };
}

const ai = await config();
$('server-url').textContent = ai.url;
const mode = $('mode');
if (ai.model) {
  mode.dataset.mode = 'live';
  mode.textContent = `Live model: ${ai.model} (from OPENAI_BASE_URL / OPENAI_API_KEY / ATTUNE_MODEL)`;
} else {
  mode.dataset.mode = 'scripted';
  mode.textContent = 'Scripted model — not an AI. A script in examples/server/scripted-model.mjs answers through the same agent code a real model uses.';
}
let online = false;
try {
  online = (await fetch(`${ai.url}/health`)).ok;
} catch {
  online = false;
}
$('online').hidden = !online;
$('offline').hidden = online;
if (online) {
  // The page owns the conversation (the element uses it as-is), so it can listen to the
  // guardrails' analytics; it resumes after a reload in this tab.
  const saved = sessionStorage.getItem('attune-ai-demo-id');
  const conversation = createConversation({ transport: httpTransport({ url: ai.url }), storage: 'session', ...(saved ? { id: saved } : {}) });
  sessionStorage.setItem('attune-ai-demo-id', conversation.id);
  // Show what the guardrails took out, so the demo is honest about it.
  conversation.on('guardrailDropped', (event) => {
    $('nothing-dropped')?.remove();
    const item = document.createElement('li');
    item.textContent = `${event.rule === 'apology' ? 'Extra apology' : 'Repeated empathy phrase'}: “${event.text}”`;
    $('dropped').append(item);
  });
  const chat = document.createElement('attune-chat');
  chat.setAttribute('mode', 'inline');
  chat.setAttribute('heading', ai.model ? 'Support (AI assistant)' : 'Support (scripted model)');
  chat.conversation = conversation;
  $('slot').append(chat);
}
