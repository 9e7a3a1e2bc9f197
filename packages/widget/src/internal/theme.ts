import { css } from 'lit';

/**
 * Design tokens every element shares: public `--attune-*` properties with defaults that
 * follow `color-scheme` (`light-dark()`), which inherits through the shadow roots, so a
 * `theme` on `<attune-chat>` reaches every part.
 *
 * Shadow DOM stops selectors, not inheritance: a host page's `text-align: center`,
 * `line-height`, `letter-spacing`, `text-transform`, `font-style`… would reach every
 * bubble. `all: initial` resets every inherited property at the boundary (custom
 * properties and `direction` are exempt by definition), then the theme's own values
 * follow. `color-scheme` is inherited back on purpose: it is how `theme` (and the host
 * page's declared scheme) reaches nested parts. A page still styles the element itself
 * (`attune-chat { … }` and `::part()` win over `:host`), which is the styling API.
 */
export const theme = css`
  :host {
    all: initial;
    color-scheme: inherit;
    /* Inherited, yet not reset by all in Chromium (found by the hostile-page test). */
    white-space-collapse: collapse;
    -webkit-user-modify: read-only;
    --_accent: var(--attune-accent, #4f46e5);
    --_on-accent: var(--attune-on-accent, #fff);
    --_link: var(--attune-link, light-dark(#4338ca, #a5b4fc));
    --_bg: var(--attune-surface, light-dark(#fff, #17181c));
    --_bg2: var(--attune-surface-alt, light-dark(#f2f3f7, #25272e));
    --_fg: var(--attune-text, light-dark(#1b1d23, #eceef2));
    --_muted: var(--attune-text-muted, light-dark(#596070, #a6abb7));
    --_line: var(--attune-border, light-dark(#e2e4ea, #363942));
    --_ok: var(--attune-success, light-dark(#067647, #75e0a7));
    --_warn: var(--attune-warning, light-dark(#93370d, #fdb022));
    --_err: var(--attune-danger, light-dark(#b42318, #ff9c8f));
    --_r: var(--attune-radius, 18px);
    --_sp: var(--attune-spacing, 12px);
    font: 14px/1.45 var(--attune-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--_fg);
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  * {
    box-sizing: border-box;
  }
  button,
  textarea,
  input {
    font: inherit;
    color: inherit;
  }
  button:not(:disabled) {
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [hidden] {
    display: none !important;
  }
  .sr {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .btn {
    border: 1px solid var(--_line);
    background: var(--_bg);
    border-radius: 999px;
    padding-block: 6px;
    padding-inline: 14px;
    transition:
      background 0.15s,
      border-color 0.15s;
  }
  .btn:hover:not(:disabled) {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, var(--_bg));
  }
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .primary:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_accent) 85%, #000);
  }
  .field {
    inline-size: 100%;
    border: 1px solid var(--_line);
    border-radius: 12px;
    background: var(--_bg);
    padding: 8px 12px;
    resize: none;
  }
  .card {
    display: block;
    background: var(--_bg2);
    border-radius: var(--_r);
    border-start-start-radius: 6px;
    padding: var(--_sp);
    max-inline-size: 92%;
  }
  /* Touch: every button is at least 44 × 44 px (WCAG 2.5.5, Apple HIG). */
  @media (pointer: coarse), (max-width: 480px) {
    button {
      min-block-size: 44px;
      min-inline-size: 44px;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    ::before,
    ::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
