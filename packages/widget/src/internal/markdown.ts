import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { displayUrl } from '@attune/core';
import { createMarkdownStream } from '@attune/core/markdown';
import { cutLongWords, LONG_WORD, WORD, type Render } from './plain.js';
import type { MarkdownBlock, MarkdownDocument, MarkdownInline, MarkdownStream } from '@attune/core/markdown';

/**
 * Markdown trees (from `@attune/core`) as Lit templates: DOM built from bindings, never
 * an HTML string, so nothing in a message can become markup or script. Finished blocks
 * are `guard`ed on their identity, so while a reply streams only the open block is
 * re-rendered.
 */

function inline(nodes: readonly MarkdownInline[], r: Render): unknown[] {
  return nodes.map((n) => {
    switch (n.type) {
      case 'text':
        return cutLongWords(n.text, r);
      case 'break':
        return html`<br />`;
      case 'code':
        return html`<code part="code">${cutLongWords(n.text, r)}</code>`;
      case 'emphasis':
        return html`<em>${inline(n.children, r)}</em>`;
      case 'strong':
        return html`<strong>${inline(n.children, r)}</strong>`;
      case 'link': {
        // A link that shows its own address reads left to right whatever surrounds it;
        // words keep their own direction. Either way `dir` isolates it from the text around.
        const only = n.children[0];
        const isUrl = n.children.length === 1 && only?.type === 'text' && only.text === displayUrl(n.href);
        return html`<a part="link" href=${n.href} target="_blank" rel="noopener noreferrer nofollow" dir=${isUrl ? 'ltr' : 'auto'}
          >${inline(n.children, r)}</a
        >`;
      }
    }
  });
}

function block(b: MarkdownBlock, r: Render): TemplateResult {
  switch (b.type) {
    case 'paragraph':
      return html`<p>${inline(b.children, r)}</p>`;
    case 'heading':
      return html`<p class="h"><strong>${inline(b.children, r)}</strong></p>`;
    case 'code':
      return html`<pre part="code-block" data-lang=${b.lang || nothing}><code>${cutLongWords(b.text, r)}</code></pre>`;
    case 'list': {
      const items = b.items.map((item) => html`<li>${blocks(item, r)}</li>`);
      return b.ordered
        ? html`<ol start=${b.start === 1 ? nothing : b.start}>
            ${items}
          </ol>`
        : html`<ul>
            ${items}
          </ul>`;
    }
    case 'quote':
      return html`<blockquote>${blocks(b.children, r)}</blockquote>`;
    case 'rule':
      return html`<hr />`;
  }
}

function blocks(list: readonly MarkdownBlock[], r: Render): TemplateResult[] {
  return list.map((b) => block(b, r));
}

/**
 * Renders a document. `full` shows long words whole; the result says whether anything
 * is cut, so the caller can offer "Show more".
 */
export function renderMarkdown(doc: MarkdownDocument, full = false): { content: TemplateResult; cut: boolean } {
  // Each block is built once and then kept for as long as it is the same object.
  const parts = doc.blocks.map((b) => guard([b, full], () => block(b, { full, cut: false })));
  return { content: html`<div class="md">${parts}</div>`, cut: !full && doc.blocks.some(hasLongWord) };
}

// Whether a block holds a word longer than LONG_WORD, worked out once per block object.
const longWords = new WeakMap<MarkdownBlock, boolean>();

function hasLongWord(b: MarkdownBlock): boolean {
  let known = longWords.get(b);
  if (known === undefined) {
    known =
      b.type === 'code'
        ? long(b.text)
        : b.type === 'paragraph' || b.type === 'heading'
          ? b.children.some(longInline)
          : b.type === 'list'
            ? b.items.some((item) => item.some(hasLongWord))
            : b.type === 'quote' && b.children.some(hasLongWord);
    longWords.set(b, known);
  }
  return known;
}

const long = (s: string) => s.length > LONG_WORD && new RegExp(WORD.source, 'u').test(s);
const longInline = (n: MarkdownInline): boolean => (n.type === 'text' || n.type === 'code' ? long(n.text) : n.type !== 'break' && n.children.some(longInline));

/**
 * Parsed documents of the messages one list shows. A streamed message is fed to an
 * incremental parser delta by delta (its text only ever grows); any other change
 * parses the new text from scratch.
 */
export class MarkdownCache {
  #entries = new Map<string, { text: string; stream: MarkdownStream; done: boolean }>();

  get(id: string, value: string, streaming: boolean): MarkdownDocument {
    let entry = this.#entries.get(id);
    if (!entry || entry.done || !value.startsWith(entry.text)) {
      if (entry?.done && entry.text === value) return entry.stream.document;
      entry = { text: '', stream: createMarkdownStream(), done: false };
      this.#entries.set(id, entry);
    }
    if (value.length > entry.text.length) entry.stream.push(value.slice(entry.text.length));
    entry.text = value;
    if (!streaming) {
      entry.done = true;
      return entry.stream.end();
    }
    return entry.stream.document;
  }

  /** Forgets messages no longer shown. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.#entries.keys()) if (!ids.has(id)) this.#entries.delete(id);
  }
}
