export { parseMarkdown, createMarkdownStream } from './stream.js';
export type { MarkdownStream } from './stream.js';
export { safeHref, displayUrl, misleadingLinkText, FORMAT_CHARS } from './links.js';
export type { MarkdownBlock, MarkdownDocument, MarkdownInline, MarkdownLink } from './markdown.types.js';
