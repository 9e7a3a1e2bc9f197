// The agent console: plain HTML and a small vanilla script. Everything from the wire is
// rendered with textContent (never innerHTML), so customer text cannot inject markup; no
// inline script, so it runs under the page's `default-src 'self'` policy.
// Agent-assist (the right-hand panel) reads GET /agent/conversations/{id}/assist and posts
// echoes, option pickers and recaps to POST /agent/conversations/{id}/events.

export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Attune agent console</title>
<style>
  :root { --ink: #1d2433; --muted: #5d6778; --line: #e3e7ee; --soft: #f5f7fb; --accent: #4f46e5; --accent-soft: #eef0ff; --bad: #b42318; --good: #067647; color-scheme: light; }
  * { box-sizing: border-box; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; display: grid; grid-template-columns: 16rem minmax(0, 1fr) 22rem; block-size: 100vh; background: #fff; }
  nav { border-inline-end: 1px solid var(--line); overflow: auto; background: var(--soft); }
  .brand { display: flex; align-items: center; gap: .5rem; margin: 0; padding: 1rem; font-size: 1rem; }
  .brand::before { content: ""; inline-size: .9rem; block-size: .9rem; border-radius: 50%; background: var(--accent); box-shadow: .35rem 0 0 #a5b4fc; margin-inline-end: .35rem; }
  nav h2 { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: .5rem 1rem; }
  nav button { display: block; inline-size: 100%; text-align: start; padding: .6rem 1rem; border: 0; border-block-end: 1px solid var(--line); background: none; cursor: pointer; font: inherit; color: inherit; }
  nav button:hover { background: #eceff6; }
  nav button[aria-current="true"] { background: var(--accent-soft); box-shadow: inset 3px 0 0 var(--accent); }
  nav code { font-size: .8em; }
  nav small { display: block; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .empty { color: var(--muted); padding: 0 1rem; }
  main { display: grid; grid-template-rows: auto 1fr auto; min-block-size: 0; }
  header { padding: .8rem 1rem; border-block-end: 1px solid var(--line); display: flex; gap: .6rem; align-items: baseline; }
  #title { font-weight: 600; }
  #status { color: var(--muted); font-size: .9em; }
  #transcript { overflow: auto; min-block-size: 0; }
  ol { list-style: none; margin: 0; padding: 1rem; display: flex; flex-direction: column; gap: .5rem; }
  li { max-inline-size: 75%; padding: .5rem .75rem; border-radius: .75rem; background: var(--soft); white-space: pre-wrap; overflow-wrap: anywhere; }
  li b { display: block; font-size: .75rem; color: var(--muted); font-weight: 600; }
  li.customer { background: #e8f0fe; }
  li.agent { align-self: flex-end; background: var(--accent-soft); }
  li.meta { align-self: center; max-inline-size: 90%; background: none; border: 1px dashed var(--line); color: var(--muted); }
  form#reply { display: flex; gap: .5rem; padding: .75rem 1rem; border-block-start: 1px solid var(--line); }
  input, textarea { font: inherit; padding: .45rem .55rem; border: 1px solid #c9d0dc; border-radius: .4rem; inline-size: 100%; background: #fff; color: inherit; }
  textarea { resize: vertical; min-block-size: 3.2rem; }
  button.primary, form#reply button { font: inherit; font-weight: 600; padding: .45rem .9rem; border: 0; border-radius: .4rem; background: var(--accent); color: #fff; cursor: pointer; white-space: nowrap; }
  button.primary:disabled { opacity: .5; cursor: default; }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  aside { border-inline-start: 1px solid var(--line); overflow: auto; padding: .25rem 1rem 1rem; background: var(--soft); }
  aside h2 { font-size: 1rem; margin: .75rem 0 .25rem; }
  aside section { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .75rem; margin-block: .75rem; }
  aside h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 .5rem; }
  aside form { display: grid; gap: .5rem; }
  aside label { display: grid; gap: .2rem; font-size: .85rem; color: var(--muted); }
  aside label.check { display: flex; gap: .4rem; align-items: center; color: var(--ink); }
  aside label.check input { inline-size: auto; }
  .row { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }
  blockquote { margin: 0 0 .5rem; padding: .4rem .6rem; border-inline-start: 3px solid #a5b4fc; background: var(--soft); white-space: pre-wrap; overflow-wrap: anywhere; }
  .tone { display: inline-block; padding: .1rem .5rem; border-radius: 1rem; font-weight: 600; font-size: .85rem; background: #eceff6; }
  .tone[data-tone="frustration"], .tone[data-tone="sadness"] { background: #fde8e7; color: var(--bad); }
  .tone[data-tone="anxiety"], .tone[data-tone="confusion"] { background: #fff4e0; color: #93370d; }
  .tone[data-tone="satisfaction"] { background: #e3f6ec; color: var(--good); }
  .cues { color: var(--muted); font-size: .85rem; }
  .preview { font-size: .85rem; color: var(--muted); margin: 0; }
  .hint { font-size: .8rem; color: var(--muted); margin: 0; }
  .error { color: var(--bad); font-size: .85rem; margin: 0; white-space: pre-wrap; }
  .error:empty, .done:empty { display: none; }
  .done { color: var(--good); font-size: .85rem; margin: 0; }
  li.flagged { border: 1px solid #f1b5ae; }
  li .blurred { filter: blur(.35rem); user-select: none; }
  .protect { display: flex; flex-wrap: wrap; gap: .4rem; margin-block-start: .4rem; white-space: normal; }
  .protect button { font: inherit; font-size: .85rem; padding: .2rem .6rem; border: 1px solid #c9d0dc; border-radius: .4rem; background: #fff; color: inherit; cursor: pointer; }
  .protect button.danger { border-color: #f1b5ae; color: var(--bad); }
  .visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .to-metrics { display: block; margin: -.5rem 1rem .5rem; color: var(--accent); font-weight: 600; text-decoration: none; }
  li[data-evidence] { outline: 2px solid var(--accent); outline-offset: 2px; }
  @media (max-width: 60rem) { body { grid-template-columns: 1fr; block-size: auto; } main { min-block-size: 70vh; } }
</style>
</head>
<body>
<dialog id="login-dialog"><form id="login" method="dialog"><h2>Agent login</h2><label>Login<input id="login-name" autocomplete="username" required></label><label>Password<input id="login-password" type="password" autocomplete="current-password" required></label><button class="primary">Log in</button><p class="error" id="login-error" role="alert"></p></form></dialog>
<nav aria-label="Conversations"><h1 class="brand">Attune console</h1><a class="to-metrics" href="/console/metrics">Metrics →</a><h2>Conversations</h2><div id="list"><p class="empty">No conversations yet. Open a widget connected to this server and say hello.</p></div></nav>
<main>
  <header><span id="title">Pick a conversation</span> <span id="status" role="status"></span></header>
  <div id="transcript" role="log" aria-live="polite" aria-label="Transcript"><ol id="log"></ol></div>
  <form id="reply" hidden>
    <label for="text" class="visually-hidden">Reply</label>
    <input id="text" autocomplete="off" placeholder="Reply as the agent…" maxlength="4000">
    <button>Send</button>
  </form>
</main>
<aside id="assist" aria-labelledby="assist-title" hidden>
  <h2 id="assist-title">Agent assist</h2>
  <section aria-labelledby="last-title">
    <h3 id="last-title">Customer's last message</h3>
    <blockquote id="last-text">—</blockquote>
    <p>Tone: <span id="tone" class="tone">—</span> <span id="cues" class="cues"></span></p>
  </section>
  <section aria-labelledby="echo-title">
    <h3 id="echo-title">Suggested paraphrase</h3>
    <form id="echo-form">
      <label>What you understood (edit freely)<input id="echo-reflection" autocomplete="off" maxlength="300"></label>
      <p id="echo-preview" class="preview"></p>
      <button class="primary" id="echo-send">Send as echo</button>
      <p class="error" id="echo-error" role="alert"></p>
      <p class="done" id="echo-done"></p>
    </form>
  </section>
  <section aria-labelledby="pick-title">
    <h3 id="pick-title">Offer options</h3>
    <form id="pick-form">
      <label>Question<input id="pick-prompt" autocomplete="off" maxlength="300" value="What would help most?"></label>
      <label>Options, one per line (two or three)<textarea id="pick-options" rows="3"></textarea></label>
      <button class="primary">Send options</button>
      <p class="error" id="pick-error" role="alert"></p>
      <p class="done" id="pick-done"></p>
    </form>
  </section>
  <section aria-labelledby="recap-title">
    <h3 id="recap-title">Close with recap</h3>
    <form id="recap-form">
      <label>What we understood<input id="recap-understood" autocomplete="off"></label>
      <label>What we did (one per line)<textarea id="recap-done" rows="2"></textarea></label>
      <div class="row">
        <label>Who<input id="recap-who" autocomplete="off"></label>
        <label>By when<input id="recap-when" autocomplete="off"></label>
      </div>
      <label>Does what next<input id="recap-what" autocomplete="off"></label>
      <label class="check"><input type="checkbox" id="recap-resolved" checked> Solved</label>
      <button class="primary">Send recap and rating</button>
      <p class="hint">The customer sees the recap, then a one-tap satisfaction question.</p>
      <p class="error" id="recap-error" role="alert"></p>
      <p class="done" id="recap-done-note"></p>
    </form>
  </section>
</aside>
<script type="module" src="/console.js"></script>
</body>
</html>
`;

export const CONSOLE_JS = `
const $ = (id) => document.getElementById(id);
let current = null;
let source = null;
let lastSeq = 0;
let assistTimer = 0;
let suggestion = null;
const messages = new Map();
// Forms the agent has typed into keep their text; the others follow the conversation.
const dirty = new Set();
// Messages marked abusive that the agent chose to read (teammate protection: blurred until then).
const revealed = new Set();

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const titles = new Map();

function when(ms) {
  const d = new Date(ms);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString();
}

async function loadList() {
  try {
    const res = await fetch('/agent/conversations?limit=50');
    if (res.status === 401) return showLogin();
    const { conversations } = await res.json();
    if (!conversations.length) return;
    $('list').replaceChildren(...conversations.map((c) => {
      const button = el('button');
      const words = c.firstWords || '(no message yet)';
      titles.set(c.id, words);
      button.setAttribute('aria-current', String(c.id === current));
      const state = c.state === 'open' ? 'open' : c.state === 'handoff' ? 'waiting for a person' : 'closed';
      button.append(el('span', words), el('small', when(c.updatedAt) + ' · ' + state));
      button.title = 'Conversation ' + c.id;
      button.addEventListener('click', () => open(c.id));
      return button;
    }));
  } catch {
    if (!current) $('status').textContent = 'server unreachable';
  }
}

function showLogin() {
  const dialog = $('login-dialog');
  if (!dialog.open) dialog.showModal();
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const res = await fetch('/agent/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: $('login-name').value, password: $('login-password').value }),
  });
  if (!res.ok) {
    $('login-error').textContent = 'Wrong login or password.';
    return;
  }
  $('login-error').textContent = '';
  $('login-password').value = '';
  $('login-dialog').close();
  loadList();
  // Back after a lost session: resume the open conversation where its stream stopped.
  if (current && source && source.readyState === EventSource.CLOSED) connect(current);
});

function describe(e) {
  switch (e.type) {
    case 'text': return [(e.from === 'agent' ? (e.name || 'Agent') : e.from === 'customer' ? (e.name || 'Customer') : 'System') + (e.status === 'streaming' ? ' · typing…' : e.tags && e.tags.includes('stopped') ? ' · stopped' : '') + rated(e.feedback), e.text];
    case 'echo': return ['Echo · ' + e.state, e.text + (e.correction ? '\\nCorrected: ' + e.correction : '')];
    case 'choice': return ['Options', e.prompt + '\\n' + e.options.map((o) => (o.id === e.chosen ? '✓ ' : '• ') + o.label).join('\\n')];
    case 'recap': return ['Recap', e.understood + '\\nNext: ' + e.nextStep.who + ' ' + e.nextStep.what + (e.nextStep.when ? ' ' + e.nextStep.when : '')];
    case 'handoff': return ['Handoff · ' + e.state, e.text];
    case 'csat': return ['Rating', e.prompt + (e.score ? ' → ' + e.score + '/5' : ' (waiting)') + (e.comment ? ' “' + e.comment + '”' : '')];
    default: return null;
  }
}

function rated(feedback) {
  if (!feedback || (feedback.value !== 'up' && feedback.value !== 'down')) return '';
  return ' · customer rated ' + (feedback.value === 'up' ? '👍 helpful' : '👎 not helpful') + (feedback.reason ? ': ' + feedback.reason : '');
}

const isAbuse = (e) => e.type === 'text' && e.from === 'customer' && Array.isArray(e.flags) && e.flags.includes('abuse');

// A message marked abusive: blurred (and hidden from screen readers) behind "Show
// message", with the two ways out — a lead takes over, or the conversation ends.
function flagged(e, who, text) {
  const item = el('li', undefined, 'customer flagged');
  item.dataset.type = e.type;
  item.dataset.id = e.id;
  const shown = revealed.has(e.id);
  const body = el('span', text, shown ? '' : 'blurred');
  body.id = 'msg-' + e.id;
  item.tabIndex = -1;
  item.append(el('b', who + ' · marked as abusive'));
  if (!shown) body.setAttribute('aria-hidden', 'true');
  item.append(body);
  const actions = el('div', undefined, 'protect');
  if (!shown) {
    const show = el('button', 'Show message');
    show.type = 'button';
    show.setAttribute('aria-expanded', 'false');
    show.setAttribute('aria-controls', body.id);
    show.addEventListener('click', () => {
      revealed.add(e.id);
      render();
      refreshAssist();
      document.querySelector('#log li[data-id="' + CSS.escape(e.id) + '"]')?.focus();
    });
    actions.append(show);
  }
  const lead = el('button', 'Hand to a lead');
  lead.type = 'button';
  lead.addEventListener('click', () => protect('lead'));
  const end = el('button', 'End conversation', 'danger');
  end.type = 'button';
  end.addEventListener('click', () => protect('end'));
  actions.append(lead, end);
  item.append(actions);
  return item;
}

async function protect(action) {
  if (!current) return;
  try {
    const res = await fetch('/agent/conversations/' + encodeURIComponent(current) + '/' + action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (res.status === 401) return showLogin();
    $('status').textContent = !res.ok ? 'could not ' + (action === 'lead' ? 'hand over' : 'end') + ' (' + res.status + ')' : action === 'lead' ? 'handed to a lead' : 'conversation ended';
    loadList();
  } catch {
    $('status').textContent = 'server unreachable';
  }
}

function render() {
  const log = $('log');
  log.replaceChildren(...[...messages.values()].map((e) => {
    const [who, text] = describe(e);
    if (isAbuse(e)) return flagged(e, who, text);
    const item = el('li', undefined, e.type === 'text' ? e.from : 'meta');
    item.dataset.type = e.type;
    item.append(el('b', who), document.createTextNode(text));
    return item;
  }));
  $('transcript').scrollTop = $('transcript').scrollHeight;
}

function connect(id) {
  source = new EventSource('/agent/conversations/' + encodeURIComponent(id) + '/stream?since=' + lastSeq);
  source.onopen = () => { $('status').textContent = '● live'; };
  source.onerror = () => {
    // Reconnect on our own schedule (the browser's default waits seconds) and ask only
    // for what was missed.
    source.close();
    $('status').textContent = 'reconnecting…';
    setTimeout(async () => {
      if (current !== id) return;
      // An EventSource hides the status: a 401 (the server restarted, or the session
      // expired) would retry forever, so ask once and log in again first.
      try {
        if ((await fetch('/agent/conversations?limit=1')).status === 401) {
          $('status').textContent = 'logged out';
          return showLogin();
        }
      } catch {
        // Still unreachable: keep retrying.
      }
      if (current === id) connect(id);
    }, 500);
  };
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (typeof e.seq === 'number') lastSeq = Math.max(lastSeq, e.seq);
    if (e.type === 'delta') {
      // A reply streaming live: applied only where it continues the text (offset 0 restarts it).
      const target = messages.get(e.id);
      if (!target || target.type !== 'text') return;
      if (e.offset === 0) target.text = e.text;
      else if (e.offset === target.text.length) target.text += e.text;
      return render();
    }
    if (!describe(e)) return;
    messages.delete(e.id);
    messages.set(e.id, e);
    render();
    clearTimeout(assistTimer);
    assistTimer = setTimeout(refreshAssist, 150);
  };
}

function open(id) {
  current = id;
  source?.close();
  messages.clear();
  revealed.clear();
  lastSeq = 0;
  suggestion = null;
  dirty.clear();
  for (const name of ['echo', 'pick', 'recap']) note(name, '', '');
  $('pick-options').value = '';
  render();
  $('title').textContent = titles.get(id) || 'Conversation';
  $('reply').hidden = false;
  $('assist').hidden = false;
  connect(id);
  loadList();
  refreshAssist();
}

function note(form, error, done) {
  $(form + '-error').textContent = error;
  $(form === 'recap' ? 'recap-done-note' : form + '-done').textContent = done;
}

function framed(reflection) {
  return 'It sounds like ' + reflection + ' — did I get that right?';
}

async function refreshAssist() {
  if (!current) return;
  const id = current;
  let a;
  try {
    const res = await fetch('/agent/conversations/' + encodeURIComponent(id) + '/assist');
    // Logged out (e.g. the server restarted) or a refusal: keep what is shown, never a half-read answer.
    if (res.status === 401) showLogin();
    if (!res.ok) return;
    a = await res.json();
  } catch {
    return;
  }
  if (id !== current) return;
  // The server's mark too: the assist answer may arrive before the transcript has the message.
  const hidden = a.about && (a.about.abusive || isAbuse(messages.get(a.about.id) || {})) && !revealed.has(a.about.id);
  $('last-text').textContent = !a.about ? 'The customer has not written yet.' : hidden ? 'Marked as abusive and hidden. “Show message” in the transcript reveals it.' : a.about.text;
  $('tone').textContent = a.tone ? a.tone.tone + (a.tone.intensity ? ' · ' + Math.round(a.tone.intensity * 100) + '%' : '') : '—';
  $('tone').dataset.tone = a.tone ? a.tone.tone : '';
  $('cues').textContent = a.tone && a.tone.cues.length ? '(' + a.tone.cues.slice(0, 3).join(', ') + ')' : '';
  const changed = !suggestion || !a.about || suggestion.about?.id !== a.about.id;
  suggestion = a;
  if (changed || !dirty.has('echo')) {
    dirty.delete('echo');
    $('echo-reflection').value = a.paraphrase ? a.paraphrase.reflection : '';
    if (changed) note('echo', '', a.echoed ? 'An echo of this message was sent.' : '');
  }
  updatePreview();
  $('echo-send').disabled = !a.about;
  if (!dirty.has('recap')) {
    $('recap-understood').value = a.recap.understood;
    $('recap-done').value = a.recap.done.join('\\n');
    $('recap-who').value = a.recap.nextStep.who;
    $('recap-what').value = a.recap.nextStep.what;
    $('recap-when').value = a.recap.nextStep.when || '';
  }
}

function updatePreview() {
  const reflection = $('echo-reflection').value.trim();
  const p = suggestion && suggestion.paraphrase;
  $('echo-preview').textContent = !reflection ? 'No paraphrase suggested for this message (a question, thanks or greeting).' : 'Customer sees: ' + (p && p.reflection === reflection ? p.text : framed(reflection));
}

async function post(body, form) {
  note(form, '', '');
  try {
    const res = await fetch('/agent/conversations/' + encodeURIComponent(current) + '/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.ok) return true;
    const { error } = await res.json();
    const paths = (error.details || []).map((d) => (d.path ? d.path + ': ' : '') + d.message).join('\\n');
    note(form, error.code + ' — ' + (paths || error.message), '');
  } catch {
    note(form, 'Could not reach the server. Try again.', '');
  }
  return false;
}

for (const [form, fields] of [['echo', ['echo-reflection']], ['recap', ['recap-understood', 'recap-done', 'recap-who', 'recap-what', 'recap-when']]]) {
  for (const field of fields) $(field).addEventListener('input', () => dirty.add(form));
}
$('echo-reflection').addEventListener('input', updatePreview);

$('echo-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!suggestion || !suggestion.about) return;
  const reflection = $('echo-reflection').value.trim();
  const p = suggestion.paraphrase;
  const body = { type: 'echo', about: suggestion.about.id, reflection };
  if (p && p.reflection === reflection) body.text = p.text;
  if (await post(body, 'echo')) {
    dirty.delete('echo');
    note('echo', '', 'Echo sent. The customer can confirm or correct it.');
  }
});

$('pick-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const options = $('pick-options').value.split('\\n').map((s) => s.trim()).filter(Boolean);
  if (await post({ type: 'choice', prompt: $('pick-prompt').value, options }, 'pick')) {
    $('pick-options').value = '';
    note('pick', '', 'Options sent.');
  }
});

$('recap-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = {
    type: 'recap',
    understood: $('recap-understood').value,
    done: $('recap-done').value.split('\\n').map((s) => s.trim()).filter(Boolean),
    nextStep: { who: $('recap-who').value, what: $('recap-what').value, when: $('recap-when').value },
    resolved: $('recap-resolved').checked,
  };
  if (await post(body, 'recap')) {
    dirty.delete('recap');
    note('recap', '', 'Recap and rating question sent.');
  }
});

$('reply').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('text');
  const text = input.value.trim();
  if (!text || !current) return;
  try {
    const res = await fetch('/agent/conversations/' + encodeURIComponent(current) + '/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', text }),
    });
    if (res.ok) input.value = '';
    else $('status').textContent = 'could not send (' + res.status + ')';
  } catch {
    $('status').textContent = 'could not send: server unreachable';
  }
});

loadList();
setInterval(loadList, 2000);

// Deep links from the metrics page: #conversation=<id>&message=<id> opens the conversation
// and marks that message. The log re-renders on every event, so the mark is re-applied;
// it is scrolled to while the replay arrives, then live messages scroll as usual.
let evidenceWatch = null;
function openFromHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  const id = q.get('conversation');
  if (!id) return;
  if (id !== current) open(id);
  evidenceWatch?.disconnect();
  const target = q.get('message');
  if (!target) return;
  const until = Date.now() + 3000;
  const mark = () => {
    if (current !== id) return evidenceWatch?.disconnect();
    const item = $('log').children[[...messages.keys()].indexOf(target)];
    if (!item) return;
    item.dataset.evidence = 'true';
    item.tabIndex = -1;
    if (Date.now() >= until) return;
    item.scrollIntoView({ block: 'center' });
    // A re-render drops the focused item: give focus back to its replacement, unless the agent moved it.
    if (document.activeElement === document.body || document.activeElement === null) item.focus({ preventScroll: true });
  };
  evidenceWatch = new MutationObserver(mark);
  evidenceWatch.observe($('log'), { childList: true });
  mark();
}
window.addEventListener('hashchange', openFromHash);
openFromHash();
`;
