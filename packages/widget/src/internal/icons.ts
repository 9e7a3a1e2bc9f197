import { html, svg } from 'lit';
import type { SVGTemplateResult } from 'lit';

const icon = (body: SVGTemplateResult) =>
  html`<svg
    viewBox="0 0 24 24"
    width="20"
    height="20"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    ${body}
  </svg>`;

// Decorative icons (aria-hidden): a chat bubble, a cross, a paper plane, a person, a chevron.
export const chatIcon = icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6 6 18"/>`);
export const sendIcon = icon(svg`<path d="M4 12 20 4l-6 16-3-7z"/>`);
export const personIcon = icon(svg`<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>`);
export const stopIcon = icon(svg`<rect x="7" y="7" width="10" height="10" rx="1.5" fill="currentColor"/>`);
export const downIcon = icon(svg`<path d="m6 9 6 6 6-6"/>`);
