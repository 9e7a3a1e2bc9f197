/**
 * The markdown tree: what `parseMarkdown` and `createMarkdownStream` produce and the
 * adapters turn into DOM (never into an HTML string). Only the safe subset exists here:
 * there is no node for images or raw HTML, and a link's `href` is always an absolute
 * `http:`, `https:` or `mailto:` URL.
 */
export type MarkdownInline =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'emphasis'; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'strong'; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'code'; readonly text: string }
  | MarkdownLink
  | { readonly type: 'break' };

/**
 * A link. `href` is normalised (`new URL(…).href`) and allowed; `children` are what it
 * shows, and when the author's text could mislead (it names another host, or hides bidi
 * or invisible format characters) they are replaced by the real destination.
 */
export interface MarkdownLink {
  readonly type: 'link';
  readonly href: string;
  readonly children: readonly MarkdownInline[];
}

export type MarkdownBlock =
  | { readonly type: 'paragraph'; readonly children: readonly MarkdownInline[] }
  /** An ATX heading; adapters render it no bigger than the bubble's text. */
  | { readonly type: 'heading'; readonly level: number; readonly children: readonly MarkdownInline[] }
  /** A fenced code block. `lang` is the info string's first word, limited to `[\w+#.-]`; `open` while its fence is not closed yet. */
  | { readonly type: 'code'; readonly lang: string; readonly text: string; readonly open: boolean }
  | { readonly type: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly MarkdownBlock[])[] }
  | { readonly type: 'quote'; readonly children: readonly MarkdownBlock[] }
  | { readonly type: 'rule' };

/**
 * A parsed document. Blocks before the last are final: while streaming, they keep their
 * object identity from one update to the next, so renderers can skip them.
 */
export interface MarkdownDocument {
  readonly blocks: readonly MarkdownBlock[];
}
