import { css } from 'lit';

export const styles = css`
  :host {
    position: relative;
    display: flex;
    flex-direction: column;
    min-block-size: 0;
  }
  /* The thumbs are defined on demand: their row is reserved, so a row does not grow when
     they arrive (which would unstick a transcript scrolled to the bottom). */
  attune-feedback {
    display: block;
    min-block-size: 24px;
  }
  @media (pointer: coarse), (max-width: 480px) {
    attune-feedback {
      min-block-size: 44px;
    }
  }
  [part='log'] {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_sp);
    outline-offset: -2px;
  }
  /* Block flow, not a flex column: appending a row lays out the new row, not all 1,000 again. */
  .items > * + * {
    margin-block-start: 8px;
  }
  [part~='message'] {
    contain: layout style;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
  }
  [part~='customer'] {
    align-items: flex-end;
  }
  [part~='system'] {
    align-items: center;
    font-size: 13px;
    color: var(--_muted);
  }
  [part='bubble'] {
    /* Contains the visually hidden speaker label, so a relayout of one bubble does not
       place every label against the whole widget again. */
    position: relative;
    max-inline-size: 82%;
    padding: 9px 14px;
    border-radius: var(--_r);
    background: var(--_bg2);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part~='agent'] [part='bubble'] {
    border-end-start-radius: 6px;
  }
  [part~='customer'] [part='bubble'] {
    background: var(--_accent);
    color: var(--_on-accent);
    border-end-end-radius: 6px;
  }
  [part~='customer'] [part='link'] {
    color: inherit;
  }
  [part~='system'] [part='bubble'] {
    background: none;
  }
  [part='link'] {
    color: var(--_link);
  }
  /* Markdown: at the bubble's text size, with tight spacing. */
  .md {
    white-space: normal;
  }
  .md :is(p, ul, ol, pre, blockquote, hr) {
    margin: 0;
  }
  .md > * + *,
  .md li > * + *,
  .md blockquote > * + * {
    margin-block-start: 0.5em;
  }
  .md :is(ul, ol) {
    padding-inline-start: 1.4em;
  }
  .md blockquote {
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_line);
    color: var(--_muted);
  }
  .md hr {
    border: 0;
    border-block-start: 1px solid var(--_line);
  }
  [part='code'],
  [part='code-block'] {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    background: rgb(127 127 127 / 0.14);
    border-radius: 4px;
  }
  [part='code'] {
    padding: 1px 4px;
  }
  [part='code-block'] {
    padding: 8px 10px;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part='caret'] {
    display: inline-block;
    inline-size: 2px;
    block-size: 1em;
    margin-inline-start: 2px;
    vertical-align: text-bottom;
    background: currentColor;
    animation: blink 1s steps(1) infinite;
  }
  .md:has(> :last-child:is(ul, ol, pre, blockquote)) + [part='caret'] {
    display: block;
  }
  [part='show-more'] {
    display: block;
    border: 0;
    background: none;
    color: var(--_link);
    text-decoration: underline;
    padding: 0;
    margin-block-start: 4px;
  }
  .from {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-block: 4px 2px;
  }
  .from [part='sender'] {
    margin: 0;
  }
  [part='agent-avatar'] {
    display: grid;
    place-items: center;
    flex: none;
    inline-size: 26px;
    block-size: 26px;
    border-radius: 50%;
    overflow: hidden;
    background: color-mix(in srgb, var(--_accent) 16%, var(--_bg));
    color: var(--_accent);
    font-size: 11px;
    font-weight: 600;
    text-transform: uppercase;
  }
  [part='agent-avatar'] img {
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }
  [part='time'] {
    font-size: 11px;
    color: var(--_muted);
    margin-inline: 10px;
    margin-block-start: 2px;
  }
  [part='sender'],
  [part='message-status'] {
    font-size: 12px;
    color: var(--_muted);
    margin-inline: 10px;
  }
  [data-status='pending'] {
    animation: rise 0.2s 1s backwards;
  }
  [data-status='failed'] {
    color: var(--_err);
  }
  [part='retry'] {
    border: 0;
    background: none;
    color: var(--_link);
    text-decoration: underline;
    padding: 0;
  }
  [part='empty'] {
    padding: 24px var(--_sp) 0;
    text-align: center;
    color: var(--_muted);
  }
  .typing-row {
    padding-inline: var(--_sp);
  }
  [part='typing'] {
    display: inline-flex;
    gap: 4px;
    padding: 12px 14px;
    margin-block-end: 8px;
    border-radius: var(--_r);
    border-end-start-radius: 6px;
    background: var(--_bg2);
  }
  .dots {
    display: flex;
    gap: 4px;
  }
  i {
    inline-size: 7px;
    block-size: 7px;
    border-radius: 50%;
    background: var(--_muted);
    animation: blink 1.2s infinite;
  }
  i:nth-child(2) {
    animation-delay: 0.2s;
  }
  i:nth-child(3) {
    animation-delay: 0.4s;
  }
  [part='new-messages'] {
    position: absolute;
    inset-block-end: 12px;
    inset-inline-start: 50%;
    translate: -50%;
    display: flex;
    align-items: center;
    gap: 4px;
    font-size: 13px;
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }
  :dir(rtl) [part='new-messages'] {
    translate: 50%;
  }
  svg {
    inline-size: 16px;
    block-size: 16px;
  }
  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(6px);
    }
  }
  @keyframes blink {
    50% {
      opacity: 0.3;
    }
  }
`;
