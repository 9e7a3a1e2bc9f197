'use client';
import { createElement, Fragment, memo, useRef } from 'react';
import type { ReactNode } from 'react';
import { createMarkdownStream, displayUrl } from '@attune/core/markdown';
import type { MarkdownBlock, MarkdownDocument, MarkdownInline, MarkdownStream } from '@attune/core/markdown';

/**
 * The markdown tree of `text` (the same `@attune/core` tree the widget renders). While
 * `streaming`, each render feeds only the new end of `text` to an incremental parser, so
 * finished blocks keep their identity and a long reply is not re-parsed per token.
 *
 * @example
 * const doc = useMarkdown(message.text, message.streaming);
 */
export function useMarkdown(text: string, streaming = false): MarkdownDocument {
  const state = useRef<{ text: string; stream: MarkdownStream; ended: boolean } | null>(null);
  let s = state.current;
  if (!s || (s.ended && s.text !== text) || !text.startsWith(s.text)) {
    s = { text: '', stream: createMarkdownStream(), ended: false };
    state.current = s;
  }
  if (!s.ended) {
    if (text.length > s.text.length) s.stream.push(text.slice(s.text.length));
    s.text = text;
    if (!streaming) {
      s.ended = true;
      s.stream.end();
    }
  }
  return s.stream.document;
}

const el = createElement;

function inline(nodes: readonly MarkdownInline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'text':
        return n.text;
      case 'break':
        return el('br', { key: i });
      case 'code':
        return el('code', { key: i }, n.text);
      case 'emphasis':
        return el('em', { key: i }, inline(n.children));
      case 'strong':
        return el('strong', { key: i }, inline(n.children));
      case 'link': {
        const only = n.children[0];
        const isUrl = n.children.length === 1 && only?.type === 'text' && only.text === displayUrl(n.href);
        return el('a', { key: i, href: n.href, target: '_blank', rel: 'noopener noreferrer nofollow', dir: isUrl ? 'ltr' : 'auto' }, inline(n.children));
      }
    }
  });
}

function blocks(list: readonly MarkdownBlock[]): ReactNode[] {
  return list.map((b, i) => el(Block, { key: i, block: b }));
}

// Memoised on the block object: finished blocks of a streaming reply never re-render.
const Block = memo(function Block({ block: b }: { block: MarkdownBlock }): ReactNode {
  switch (b.type) {
    case 'paragraph':
      return el('p', null, inline(b.children));
    case 'heading':
      return el('p', { className: 'attune-md-heading' }, el('strong', null, inline(b.children)));
    case 'code':
      return el('pre', b.lang ? { 'data-lang': b.lang } : null, el('code', null, b.text));
    case 'list': {
      const items = b.items.map((item, i) => el('li', { key: i }, blocks(item)));
      return b.ordered ? el('ol', b.start === 1 ? null : { start: b.start }, items) : el('ul', null, items);
    }
    case 'quote':
      return el('blockquote', null, blocks(b.children));
    case 'rule':
      return el('hr');
  }
});

export interface MarkdownProps {
  /** Markdown source, e.g. an agent message's `text`. */
  text: string;
  /** The text is still streaming in (a message's `streaming`): it is parsed incrementally. */
  streaming?: boolean | undefined;
}

/**
 * Renders agent text as the safe markdown subset, as React elements (never an HTML
 * string: no `dangerouslySetInnerHTML`); links only `http(s)`/`mailto`, opening in a new
 * tab, and always showing where they go. Style it with your own CSS.
 *
 * @example
 * {m.kind === 'text' && m.from !== 'customer' ? <Markdown text={m.text} streaming={m.streaming} /> : m.text}
 */
export function Markdown({ text, streaming }: MarkdownProps): ReactNode {
  return el(Fragment, null, blocks(useMarkdown(text, streaming === true).blocks));
}
