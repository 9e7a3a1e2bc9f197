// The agent console: plain HTML and a small vanilla script. Everything from the wire is
// rendered with textContent (never innerHTML), so customer text cannot inject markup.

export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Attune agent console</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 18rem 1fr; height: 100vh; }
  nav { border-inline-end: 1px solid #ddd; overflow: auto; }
  nav h1 { font-size: 1rem; margin: 1rem; }
  nav button { display: block; inline-size: 100%; text-align: start; padding: .6rem 1rem; border: 0; border-block-end: 1px solid #eee; background: none; cursor: pointer; font: inherit; }
  nav button[aria-current="true"] { background: #eef3ff; }
  nav small { display: block; color: #666; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  main { display: grid; grid-template-rows: auto 1fr auto; min-block-size: 0; }
  header { padding: .8rem 1rem; border-block-end: 1px solid #ddd; }
  ol { list-style: none; margin: 0; padding: 1rem; overflow: auto; }
  li { margin-block-end: .5rem; }
  li b { margin-inline-end: .4rem; }
  li.customer b { color: #1a5fd0; }
  li.meta { color: #666; font-size: .9em; }
  form { display: flex; gap: .5rem; padding: 1rem; border-block-start: 1px solid #ddd; }
  input { flex: 1; font: inherit; padding: .5rem; }
  .visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); }
</style>
</head>
<body>
<nav aria-label="Conversations"><h1>Conversations</h1><div id="list"></div></nav>
<main>
  <header><span id="title">Pick a conversation</span> <span id="status"></span></header>
  <ol id="log" role="log" aria-live="polite"></ol>
  <form id="reply" hidden>
    <label for="text" class="visually-hidden">Reply</label>
    <input id="text" autocomplete="off" placeholder="Reply as the agent…" maxlength="4000">
    <button>Send</button>
  </form>
</main>
<script type="module" src="/console.js"></script>
</body>
</html>
`;

export const CONSOLE_JS = `
const $ = (id) => document.getElementById(id);
let current = null;
let source = null;
const messages = new Map();

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function loadList() {
  try {
    const res = await fetch('/agent/conversations');
    const { conversations } = await res.json();
    const list = $('list');
    list.replaceChildren(...conversations.map((c) => {
      const button = el('button', c.id);
      button.setAttribute('aria-current', String(c.id === current));
      button.append(el('small', c.preview || '(no messages)'));
      button.addEventListener('click', () => open(c.id));
      return button;
    }));
  } catch {
    $('status').textContent = '(server unreachable)';
  }
}

function describe(e) {
  switch (e.type) {
    case 'text': return [e.from === 'agent' ? (e.name || 'agent') : e.from, e.text];
    case 'echo': return ['echo (' + e.state + ')', e.text + (e.correction ? ' — corrected: ' + e.correction : '')];
    case 'choice': return ['choice', e.prompt + ' [' + e.options.map((o) => o.label + (o.id === e.chosen ? ' ✓' : '')).join(' | ') + ']'];
    case 'recap': return ['recap', e.understood + ' — next: ' + e.nextStep.who + ' ' + e.nextStep.what];
    case 'handoff': return ['handoff (' + e.state + ')', e.text];
    case 'csat': return ['csat', e.prompt + (e.score ? ' → ' + e.score + '/5' : '') + (e.comment ? ' “' + e.comment + '”' : '')];
    default: return null;
  }
}

function render() {
  const log = $('log');
  log.replaceChildren(...[...messages.values()].map((e) => {
    const [who, text] = describe(e);
    const item = el('li', undefined, e.type === 'text' ? e.from : 'meta');
    item.append(el('b', who), document.createTextNode(text));
    return item;
  }));
  log.scrollTop = log.scrollHeight;
}

function open(id) {
  current = id;
  source?.close();
  messages.clear();
  render();
  $('title').textContent = id;
  $('reply').hidden = false;
  source = new EventSource('/conversations/' + encodeURIComponent(id) + '/stream?since=0');
  source.onopen = () => { $('status').textContent = '(live)'; };
  source.onerror = () => { $('status').textContent = '(reconnecting…)'; };
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (!describe(e)) return;
    messages.set(e.id, e);
    render();
  };
  loadList();
}

$('reply').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('text');
  const text = input.value.trim();
  if (!text || !current) return;
  const res = await fetch('/agent/conversations/' + encodeURIComponent(current) + '/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'text', text }),
  });
  if (res.ok) input.value = '';
  else $('status').textContent = '(could not send: ' + res.status + ')';
});

loadList();
setInterval(loadList, 3000);
`;
