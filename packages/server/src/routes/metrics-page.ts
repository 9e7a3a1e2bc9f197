// The console's metrics page: team figures over a date range, charts in plain SVG (each
// with a <title>, a description and its data as a table), the conversations sortable by
// any figure, a scorecard per conversation with links to its evidence, CSV / JSON export.
// Same rules as the console: one external script (CSP `default-src 'self'`), every value
// from the server rendered with textContent or SVG text nodes, never markup.

export const METRICS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Metrics · Attune console</title>
<style>
  :root { --ink: #1d2433; --muted: #5d6778; --line: #e3e7ee; --soft: #f5f7fb; --accent: #4f46e5; --accent-soft: #eef0ff; --accent-2: #a5b4fc; --bad: #b42318; --good: #067647; --warn: #93370d; color-scheme: light; }
  * { box-sizing: border-box; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; background: var(--soft); }
  header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem 1.5rem; padding: .75rem 1.25rem; background: #fff; border-block-end: 1px solid var(--line); }
  .brand { display: flex; align-items: center; gap: .5rem; margin: 0; font-size: 1rem; }
  .brand::before { content: ""; inline-size: .9rem; block-size: .9rem; border-radius: 50%; background: var(--accent); box-shadow: .35rem 0 0 var(--accent-2); margin-inline-end: .35rem; }
  header.top nav { display: flex; gap: .25rem; }
  header.top nav a { color: var(--muted); text-decoration: none; padding: .3rem .6rem; border-radius: .4rem; }
  header.top nav a:hover { background: var(--soft); }
  header.top nav a[aria-current="page"] { color: var(--accent); background: var(--accent-soft); font-weight: 600; }
  form#range { display: flex; flex-wrap: wrap; align-items: end; gap: .5rem; margin-inline-start: auto; }
  form#range label { display: grid; gap: .1rem; font-size: .75rem; color: var(--muted); }
  input, select { font: inherit; padding: .3rem .45rem; border: 1px solid #c9d0dc; border-radius: .4rem; background: #fff; color: inherit; }
  button, a.button { font: inherit; padding: .35rem .75rem; border: 1px solid #c9d0dc; border-radius: .4rem; background: #fff; color: inherit; cursor: pointer; text-decoration: none; display: inline-block; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  main { padding: 1rem 1.25rem 2rem; display: grid; gap: 1rem; max-inline-size: 90rem; margin-inline: auto; }
  #status { margin: 0; color: var(--muted); }
  #status[data-kind="error"] { color: var(--bad); }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; margin: 0; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .7rem .85rem; margin: 0; }
  .card dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
  .card dd { margin: .15rem 0 0; font-size: 1.45rem; font-weight: 650; font-variant-numeric: tabular-nums; }
  .card dd small { display: block; font-size: .78rem; font-weight: 400; color: var(--muted); }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: .75rem; }
  figure { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .75rem .85rem; margin: 0; min-inline-size: 0; }
  figcaption { font-weight: 600; margin-block-end: .1rem; }
  figure p.note { margin: 0 0 .4rem; color: var(--muted); font-size: .8rem; }
  svg { display: block; inline-size: 100%; block-size: auto; overflow: visible; }
  svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
  svg text.value { fill: var(--ink); font-weight: 600; }
  svg .axis { stroke: var(--line); }
  svg .bar { fill: var(--accent); }
  svg .bar.alt { fill: var(--accent-2); }
  svg .bar.bad { fill: #f97066; }
  svg .bar.good { fill: #32d583; }
  .legend { display: flex; gap: 1rem; font-size: .8rem; color: var(--muted); margin: .25rem 0 0; padding: 0; list-style: none; }
  .legend li::before { content: ""; display: inline-block; inline-size: .7rem; block-size: .7rem; border-radius: .15rem; margin-inline-end: .3rem; vertical-align: -.05rem; background: var(--swatch); }
  details { margin-block-start: .35rem; font-size: .8rem; }
  summary { cursor: pointer; color: var(--muted); }
  table { border-collapse: collapse; inline-size: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: start; padding: .3rem .5rem; border-block-end: 1px solid var(--line); white-space: nowrap; }
  td.num, th.num { text-align: end; }
  section.list { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .75rem .85rem; min-inline-size: 0; }
  section.list h2, section.list .head { margin: 0; }
  .head { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-block-end: .5rem; }
  .head h2 { font-size: 1rem; margin: 0; }
  .head .exports { margin-inline-start: auto; display: flex; gap: .5rem; }
  .scroll { overflow: auto; max-block-size: 34rem; }
  #rows th { position: sticky; inset-block-start: 0; background: #fff; z-index: 1; }
  #rows th button { border: 0; padding: 0; background: none; font: inherit; font-weight: 600; cursor: pointer; color: inherit; }
  #rows th[aria-sort="ascending"] button::after { content: " ▲"; color: var(--accent); }
  #rows th[aria-sort="descending"] button::after { content: " ▼"; color: var(--accent); }
  #rows tbody tr:hover { background: var(--soft); }
  #rows td.words { max-inline-size: 18rem; overflow: hidden; text-overflow: ellipsis; }
  #rows td.words button { border: 0; padding: 0; background: none; font: inherit; color: var(--accent); cursor: pointer; text-align: start; max-inline-size: 100%; overflow: hidden; text-overflow: ellipsis; }
  .pill { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .8rem; background: #eceff6; }
  .pill.pass { background: #e3f6ec; color: var(--good); }
  .pill.fail { background: #fde8e7; color: var(--bad); }
  dialog { border: 1px solid var(--line); border-radius: .75rem; padding: 0; inline-size: min(46rem, 94vw); max-block-size: 88vh; box-shadow: 0 1rem 3rem rgb(0 0 0 / .18); }
  dialog::backdrop { background: rgb(29 36 51 / .35); }
  dialog header { display: flex; align-items: baseline; gap: 1rem; padding: .85rem 1rem; border-block-end: 1px solid var(--line); }
  dialog header h2 { font-size: 1rem; margin: 0; min-inline-size: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  dialog header #card-open { margin-inline-start: auto; white-space: nowrap; }
  dialog .body { padding: .5rem 1rem 1rem; overflow: auto; }
  .criteria { list-style: none; padding: 0; margin: 0; display: grid; gap: .6rem; }
  .criteria > li { border: 1px solid var(--line); border-radius: .5rem; padding: .55rem .7rem; }
  .criteria h3 { font-size: .9rem; margin: 0; display: flex; gap: .5rem; align-items: center; text-transform: capitalize; }
  .criteria p { margin: .2rem 0; color: var(--muted); }
  .evidence { list-style: none; margin: .25rem 0 0; padding: 0; display: grid; gap: .25rem; }
  .evidence a { display: block; padding: .3rem .5rem; border-radius: .4rem; background: var(--soft); color: inherit; text-decoration: none; overflow-wrap: anywhere; }
  .evidence a:hover { background: var(--accent-soft); }
  .evidence b { font-size: .75rem; color: var(--muted); font-weight: 600; margin-inline-end: .4rem; }
  .tone-path { color: var(--muted); margin: .25rem 0 .5rem; }
  .visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
</style>
</head>
<body>
<header class="top">
  <p class="brand">Attune console</p>
  <nav aria-label="Console"><a href="/console">Conversations</a><a href="/console/metrics" aria-current="page">Metrics</a></nav>
  <form id="range" aria-label="Date range">
    <label>From<input type="date" id="from" required></label>
    <label>To<input type="date" id="to" required></label>
    <label>Quick range<select id="preset"><option value="">Custom</option><option value="7">Last 7 days</option><option value="30">Last 30 days</option><option value="90">Last 90 days</option></select></label>
    <button class="primary">Show</button>
  </form>
</header>
<main>
  <h1 class="visually-hidden">Support metrics</h1>
  <p id="status" role="status">Loading…</p>
  <section aria-labelledby="team-title"><h2 id="team-title" class="visually-hidden">Team figures</h2><dl class="cards" id="cards"></dl></section>
  <section aria-labelledby="charts-title"><h2 id="charts-title" class="visually-hidden">Charts</h2><div class="charts" id="charts"></div></section>
  <section class="list" aria-labelledby="list-title">
    <div class="head">
      <h2 id="list-title">Conversations</h2>
      <span id="count" class="note"></span>
      <div class="exports"><a class="button" id="csv" download>Export CSV</a><a class="button" id="json" download>Export JSON</a></div>
    </div>
    <div class="scroll" tabindex="0" role="region" aria-label="Conversation table (scrolls)"><table id="rows"><caption class="visually-hidden">Conversations started in the range; column headers sort.</caption><thead></thead><tbody></tbody></table></div>
  </section>
</main>
<dialog id="card" aria-labelledby="card-title">
  <header><h2 id="card-title">Scorecard</h2><a class="button" id="card-open" href="/console">Open the conversation</a><button type="button" id="card-close">Close</button></header>
  <div class="body" id="card-body"></div>
</dialog>
<script type="module" src="/console/metrics.js"></script>
</body>
</html>
`;

export const METRICS_JS = `
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86400000;
let report = null;
let sort = { key: 'createdAt', dir: -1 };
let chartId = 0;

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}
const pct = (r) => (r === null || r === undefined ? '—' : Math.round(r * 100) + '%');
function dur(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return Math.round(ms / 1000) + ' s';
  if (ms < 3600000) return Math.round(ms / 60000) + ' min';
  if (ms < DAY) return (ms / 3600000).toFixed(1) + ' h';
  return (ms / DAY).toFixed(1) + ' d';
}
const day = (ms) => new Date(ms).toISOString().slice(0, 10);
const fmt = (v) => (v === null || v === undefined ? '—' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v));

// ---- range ---------------------------------------------------------------------------
function initialRange() {
  const q = new URLSearchParams(location.search);
  const to = q.get('to') || day(Date.now());
  const from = q.get('from') || day(Date.parse(to + 'T00:00:00Z') - 29 * DAY);
  $('from').value = from;
  $('to').value = to;
}
$('preset').addEventListener('change', () => {
  const days = Number($('preset').value);
  if (!days) return;
  $('to').value = day(Date.now());
  $('from').value = day(Date.now() - (days - 1) * DAY);
  load();
});
$('range').addEventListener('submit', (event) => {
  event.preventDefault();
  $('preset').value = '';
  load();
});
for (const id of ['from', 'to']) $(id).addEventListener('input', () => { $('preset').value = ''; });

function status(text, kind) {
  $('status').textContent = text;
  $('status').dataset.kind = kind || '';
}

async function load() {
  const from = $('from').value;
  const to = $('to').value;
  if (!from || !to || from > to) return status('Pick a start date on or before the end date.', 'error');
  const query = 'from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to);
  history.replaceState(null, '', '/console/metrics?' + query);
  $('csv').href = '/agent/metrics?' + query + '&format=csv';
  $('json').href = '/agent/metrics?' + query + '&format=json';
  status('Loading…');
  const started = performance.now();
  let res;
  try {
    res = await fetch('/agent/metrics?' + query);
  } catch {
    return status('Could not reach the server.', 'error');
  }
  if (res.status === 401) {
    status('', 'error');
    const link = el('a', 'Log in on the conversations page', { href: '/console' });
    $('status').replaceChildren(link, document.createTextNode(', then come back.'));
    return;
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    return status(body && body.error ? body.error.code + ': ' + body.error.message : 'The server answered ' + res.status + '.', 'error');
  }
  report = await res.json();
  const rendering = performance.now();
  render();
  const n = report.conversations.length;
  status(n + (n === 1 ? ' conversation' : ' conversations') + ' started ' + from + ' – ' + to + ' (UTC)' + (report.truncated ? '; only the first ' + n + ' are included' : '') + '.');
  // How long the page took (tests and anyone curious read these).
  document.body.dataset.renderMs = String(Math.round(performance.now() - rendering));
  document.body.dataset.loadMs = String(Math.round(performance.now() - started));
}

// ---- figures ---------------------------------------------------------------------------
function card(label, value, note) {
  const wrap = el('div', undefined, { class: 'card' });
  const dd = el('dd', value);
  if (note) dd.append(el('small', note));
  wrap.append(el('dt', label), dd);
  return wrap;
}
function renderCards(team) {
  const t = team.timings;
  const r = team.rates;
  $('cards').replaceChildren(
    card('Conversations', String(team.conversations)),
    card('Resolved', pct(r.resolved.rate), r.resolved.count + ' of ' + r.resolved.of),
    card('CSAT', team.csat.mean === null ? '—' : team.csat.mean.toFixed(2) + ' / 5', team.csat.count + ' ratings · ' + pct(r.csatAnswered.rate) + ' answered'),
    card('First reply', dur(t.firstReplyMs.p50), 'median · p90 ' + dur(t.firstReplyMs.p90)),
    card('Resolution', dur(t.resolutionMs.p50), 'median · p90 ' + dur(t.resolutionMs.p90)),
    card('Echo confirmed', pct(r.echoConfirmed.rate), r.echoConfirmed.count + ' of ' + r.echoConfirmed.of + ' answered echoes'),
    card('Tone improved', pct(r.toneImproved.rate), r.toneImproved.count + ' of ' + r.toneImproved.of + ' negative starts'),
    card('Handoffs', pct(r.handoffTaken.rate), r.handoffTaken.count + ' taken · wait ' + dur(t.handoffWaitMs.p50)),
    card('Abusive', String(team.totals.abusiveMessages), 'messages in ' + r.abusive.count + ' conversations'),
  );
}

// ---- charts (plain SVG; each has a title, a description and its data as a table) ----------
function figure(title, note, chart, columns, rows, legend) {
  const fig = el('figure');
  const id = 'chart-' + (++chartId);
  fig.append(el('figcaption', title, { id: id + '-caption' }));
  if (note) fig.append(el('p', note, { class: 'note' }));
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-labelledby', id + '-title ' + id + '-desc');
  chart.prepend(svg('title', { id: id + '-title' }, title), svg('desc', { id: id + '-desc' }, note || title));
  fig.append(chart);
  if (legend) {
    const ul = el('ul', undefined, { class: 'legend' });
    for (const [label, color] of legend) {
      const li = el('li', label);
      li.style.setProperty('--swatch', color);
      ul.append(li);
    }
    fig.append(ul);
  }
  const details = el('details');
  details.append(el('summary', 'Data'));
  const table = el('table');
  table.append(el('caption', title, { class: 'visually-hidden' }));
  const head = el('tr');
  columns.forEach((c, i) => head.append(el('th', c, { scope: 'col', class: i ? 'num' : '' })));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    row.forEach((v, i) => tr.append(i ? el('td', v, { class: 'num' }) : el('th', v, { scope: 'row' })));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  details.append(table);
  fig.append(details);
  return fig;
}

/** Horizontal bars: [{ label, value, text, cls }] on a 0..max scale. */
function hbars(items, max) {
  const rowH = 26;
  const left = 110;
  const width = 420;
  const h = Math.max(1, items.length) * rowH + 6;
  const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + h, width: width, height: h });
  items.forEach((item, i) => {
    const y = i * rowH + 4;
    const w = max > 0 ? Math.max(item.value > 0 ? 2 : 0, (item.value / max) * (width - left - 60)) : 0;
    chart.append(svg('text', { x: left - 8, y: y + 14, 'text-anchor': 'end' }, item.label));
    chart.append(svg('rect', { x: left, y: y, width: w, height: rowH - 8, rx: 3, class: 'bar ' + (item.cls || '') }));
    chart.append(svg('text', { x: left + w + 6, y: y + 14, class: 'value' }, item.text));
  });
  if (!items.length) chart.append(svg('text', { x: 8, y: 18 }, 'No data in this range'));
  return chart;
}

/** Columns, one per bucket, with up to two series drawn side by side. */
function columns(buckets, series, opts) {
  const width = 440;
  const height = 170;
  const bottom = 34;
  const top = 14;
  const left = 30;
  const max = Math.max(1, ...buckets.flatMap((b) => series.map((s) => b[s.key])));
  const slot = (width - left) / Math.max(1, buckets.length);
  const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height });
  const y = (v) => height - bottom - (v / max) * (height - bottom - top);
  chart.append(svg('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, class: 'axis' }));
  chart.append(svg('text', { x: left - 6, y: top + 4, 'text-anchor': 'end' }, String(max)));
  chart.append(svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end' }, '0'));
  const every = Math.ceil(buckets.length / (opts && opts.maxLabels ? opts.maxLabels : 12));
  buckets.forEach((b, i) => {
    const bw = Math.max(1, (slot * 0.8) / series.length);
    series.forEach((s, j) => {
      const x = left + i * slot + slot * 0.1 + j * bw;
      const v = b[s.key];
      chart.append(svg('rect', { x: x, y: y(v), width: Math.max(0.5, bw - 1), height: Math.max(0, height - bottom - y(v)), rx: 1.5, class: 'bar ' + (s.cls || '') }));
    });
    if (i % every === 0) chart.append(svg('text', { x: left + i * slot + slot / 2, y: height - bottom + 14, 'text-anchor': 'middle' }, b.label));
  });
  return chart;
}

// [upper limit, label in the data table, short label under the bar]
const FIRST_REPLY = [[10000, 'under 10 s', '<10s'], [30000, '10–30 s', '30s'], [60000, '30–60 s', '1m'], [120000, '1–2 min', '2m'], [300000, '2–5 min', '5m'], [900000, '5–15 min', '15m'], [3600000, '15–60 min', '1h'], [Infinity, 'over 1 h', '>1h']];
const RESOLUTION = [[300000, 'under 5 min', '<5m'], [900000, '5–15 min', '15m'], [1800000, '15–30 min', '30m'], [3600000, '30–60 min', '1h'], [14400000, '1–4 h', '4h'], [DAY, '4–24 h', '1d'], [Infinity, 'over 1 day', '>1d']];
function histogram(values, edges) {
  const counts = edges.map(() => 0);
  for (const v of values) {
    if (v === null) continue;
    const i = edges.findIndex(([limit]) => v < limit);
    counts[i] += 1;
  }
  return edges.map(([, name, label], i) => ({ name: name, label: label, n: counts[i] }));
}

function renderCharts(rep) {
  chartId = 0;
  const team = rep.team;
  const rows = rep.conversations;
  const charts = [];

  const tones = Object.entries(team.csat.byStartingTone).sort((a, b) => b[1].count - a[1].count);
  charts.push(figure('CSAT by starting tone', 'Mean rating (1–5) by the tone of the customer’s first message', hbars(tones.map(([tone, v]) => ({ label: tone, value: v.mean, text: v.mean.toFixed(2) + ' (' + v.count + ')', cls: v.mean < 3 ? 'bad' : v.mean >= 4 ? 'good' : '' })), 5), ['Starting tone', 'Mean CSAT', 'Ratings'], tones.map(([tone, v]) => [tone, v.mean.toFixed(2), String(v.count)])));

  const byTone = new Map();
  for (const r of rows) {
    if (r.startingValence === null || r.startingValence >= 0 || r.toneImproved === null) continue;
    const t = byTone.get(r.startingTone) || { improved: 0, of: 0 };
    t.of += 1;
    if (r.toneImproved) t.improved += 1;
    byTone.set(r.startingTone, t);
  }
  const improvement = [...byTone.entries()].sort((a, b) => b[1].of - a[1].of);
  charts.push(figure('Tone improvement', 'Conversations that started negative and ended better, by starting tone (overall ' + pct(team.rates.toneImproved.rate) + ')', hbars(improvement.map(([tone, t]) => ({ label: tone, value: t.improved / t.of, text: pct(t.improved / t.of) + ' of ' + t.of, cls: 'good' })), 1), ['Starting tone', 'Improved', 'Negative starts'], improvement.map(([tone, t]) => [tone, String(t.improved), String(t.of)])));

  const fr = histogram(rows.map((r) => r.firstReplyMs), FIRST_REPLY);
  charts.push(figure('First reply time', 'Conversations by wait for the first reply, up to each mark (median ' + dur(team.timings.firstReplyMs.p50) + ', p90 ' + dur(team.timings.firstReplyMs.p90) + ')', columns(fr, [{ key: 'n' }]), ['Wait', 'Conversations'], fr.map((b) => [b.name, String(b.n)])));

  const rs = histogram(rows.map((r) => r.resolutionMs), RESOLUTION);
  charts.push(figure('Resolution time', 'Resolved conversations by time to resolution, up to each mark (median ' + dur(team.timings.resolutionMs.p50) + ', p90 ' + dur(team.timings.resolutionMs.p90) + ')', columns(rs, [{ key: 'n', cls: 'alt' }]), ['Time', 'Conversations'], rs.map((b) => [b.name, String(b.n)])));

  const echo = team.rates.echoConfirmed;
  const corrected = echo.of - echo.count;
  const proposed = rows.reduce((s, r) => s + r.echoesProposed, 0);
  charts.push(figure('Echo confirm rate', 'Of the echoes customers answered, how many they confirmed (' + pct(echo.rate) + ')', hbars([{ label: 'Confirmed', value: echo.count, text: String(echo.count), cls: 'good' }, { label: 'Corrected', value: corrected, text: String(corrected), cls: 'bad' }, { label: 'Unanswered', value: Math.max(0, proposed - echo.of), text: String(Math.max(0, proposed - echo.of)), cls: 'alt' }], Math.max(1, proposed)), ['Echoes', 'Count'], [['Confirmed', String(echo.count)], ['Corrected', String(corrected)], ['Proposed', String(proposed)]]));

  // Per day, or per week past 60 days, in UTC.
  const span = Date.parse($('to').value + 'T00:00:00Z') + DAY - Date.parse($('from').value + 'T00:00:00Z');
  const step = span > 60 * DAY ? 7 * DAY : DAY;
  const start = rep.from;
  const buckets = [];
  for (let t = start; t < rep.to; t += step) buckets.push({ label: day(t).slice(5), date: day(t), conversations: 0, handoffs: 0 });
  for (const r of rows) {
    const b = buckets[Math.floor((r.createdAt - start) / step)];
    if (!b) continue;
    b.conversations += 1;
    if (r.handoffTaken) b.handoffs += 1;
  }
  charts.push(figure('Handoffs over time', 'Conversations started and handoffs taken per ' + (step === DAY ? 'day' : 'week') + ' (UTC)', columns(buckets, [{ key: 'conversations', cls: 'alt' }, { key: 'handoffs' }], { maxLabels: 10 }), [step === DAY ? 'Day' : 'Week of', 'Conversations', 'Handoffs'], buckets.map((b) => [b.date, String(b.conversations), String(b.handoffs)]), [['Conversations', 'var(--accent-2)'], ['Handoffs', 'var(--accent)']]));

  $('charts').replaceChildren(...charts);
}

// ---- the conversation list --------------------------------------------------------------
const COLUMNS = [
  ['firstWords', 'Conversation', 'text'],
  ['createdAt', 'Started', 'date'],
  ['state', 'State', 'text'],
  ['firstReplyMs', 'First reply', 'ms'],
  ['resolutionMs', 'Resolution', 'ms'],
  ['resolved', 'Resolved', 'bool'],
  ['csat', 'CSAT', 'num'],
  ['startingTone', 'Start tone', 'text'],
  ['lastTone', 'End tone', 'text'],
  ['toneImproved', 'Improved', 'bool'],
  ['echoesConfirmed', 'Echoes ✓', 'num'],
  ['echoesCorrected', 'Echoes ✗', 'num'],
  ['apologies', 'Apologies', 'num'],
  ['handoffTaken', 'Handoff', 'bool'],
  ['abusiveMessages', 'Abuse', 'num'],
  ['qaPassed', 'QA pass', 'num'],
  ['qaFailed', 'QA fail', 'num'],
];
function cell(value, kind) {
  if (value === null || value === undefined) return '—';
  if (kind === 'ms') return dur(value);
  if (kind === 'bool') return value ? 'yes' : 'no';
  if (kind === 'date') return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
  return String(value);
}
function compare(key) {
  return (a, b) => {
    const x = a[key];
    const y = b[key];
    // Empty figures sort last either way.
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    const d = typeof x === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    return d * sort.dir || (a.id < b.id ? -1 : 1);
  };
}
function renderHead() {
  const tr = el('tr');
  for (const [key, label, kind] of COLUMNS) {
    const th = el('th', undefined, { scope: 'col', class: kind === 'text' || kind === 'date' ? '' : 'num' });
    if (sort.key === key) th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
    const button = el('button', label, { type: 'button', 'data-key': key });
    button.addEventListener('click', () => {
      sort = { key: key, dir: sort.key === key ? -sort.dir : kind === 'text' ? 1 : -1 };
      renderHead();
      renderRows();
    });
    th.append(button);
    tr.append(th);
  }
  $('rows').tHead.replaceChildren(tr);
}
function renderRows() {
  const rows = report ? [...report.conversations].sort(compare(sort.key)) : [];
  const frag = document.createDocumentFragment();
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.dataset.id = r.id;
    for (const [key, , kind] of COLUMNS) {
      const td = document.createElement('td');
      if (key === 'firstWords') {
        td.className = 'words';
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = r.firstWords || '(no message)';
        b.title = 'Scorecard of ' + r.id;
        b.addEventListener('click', () => openCard(r));
        td.append(b);
      } else {
        if (kind !== 'text' && kind !== 'date') td.className = 'num';
        td.textContent = cell(r[key], kind);
      }
      tr.append(td);
    }
    frag.append(tr);
  }
  $('rows').tBodies[0].replaceChildren(frag);
  $('count').textContent = rows.length ? 'sorted by ' + COLUMNS.find((c) => c[0] === sort.key)[1].toLowerCase() + (sort.dir > 0 ? ', ascending' : ', descending') : '';
}

function render() {
  renderCards(report.team);
  renderCharts(report);
  renderHead();
  renderRows();
}

// ---- one conversation's scorecard ---------------------------------------------------------
const CRITERIA = ['greeting', 'comprehension', 'empathy', 'solution', 'closing', 'sentiment'];
let opener = null;
async function openCard(row) {
  opener = document.activeElement;
  const body = $('card-body');
  $('card-title').textContent = 'Scorecard · ' + (row.firstWords || row.id);
  body.replaceChildren(el('p', 'Loading…'));
  if (!$('card').open) $('card').showModal();
  let data;
  try {
    const res = await fetch('/agent/conversations/' + encodeURIComponent(row.id) + '/summary');
    if (!res.ok) throw new Error(String(res.status));
    data = await res.json();
  } catch (error) {
    body.replaceChildren(el('p', 'Could not load this scorecard (' + error.message + ').'));
    return;
  }
  const s = data.summary;
  const tone = s.tone;
  const path = [tone.first, tone.worst, tone.last].map((p) => (p ? p.tone : '—'));
  const list = el('ul', undefined, { class: 'criteria' });
  for (const name of CRITERIA) {
    const c = s.scorecard[name];
    const li = el('li');
    const h = el('h3', name);
    h.append(el('span', c.result === 'na' ? 'not applicable' : c.result, { class: 'pill ' + c.result }));
    li.append(h, el('p', c.note));
    if (c.evidence.length) {
      const ev = el('ul', undefined, { class: 'evidence', 'aria-label': 'Evidence for ' + name });
      for (const id of c.evidence) {
        const seen = data.evidence[id];
        const a = el('a', undefined, { href: '/console#conversation=' + encodeURIComponent(s.id) + '&message=' + encodeURIComponent(id) });
        a.append(el('b', seen ? (seen.from ? seen.from + ' ' : '') + seen.type : 'message'), document.createTextNode(seen ? seen.excerpt : id));
        const item = el('li');
        item.append(a);
        ev.append(item);
      }
      li.append(ev);
    }
    list.append(li);
  }
  $('card-open').href = '/console#conversation=' + encodeURIComponent(s.id);
  body.replaceChildren(
    el('p', 'Tone: ' + path[0] + ' → worst ' + path[1] + ' → ' + path[2] + (tone.improved === null ? '' : tone.improved ? ' (improved)' : ' (not improved)') + ' · first reply ' + dur(s.timings.firstReplyMs) + ' · CSAT ' + fmt(s.csat.score), { class: 'tone-path' }),
    list,
  );
}
$('card-close').addEventListener('click', () => $('card').close());
$('card').addEventListener('close', () => { if (opener && opener.isConnected) opener.focus(); });

initialRange();
load();
`;
