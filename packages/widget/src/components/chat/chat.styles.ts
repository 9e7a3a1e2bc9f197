import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    color-scheme: light dark;
    --_safe-end: env(safe-area-inset-bottom, 0px);
    --_shadow: var(--attune-shadow, 0 12px 40px rgb(15 20 40 / 0.18), 0 2px 8px rgb(15 20 40 / 0.08));
  }
  :host([mode='launcher']) {
    position: fixed;
    z-index: var(--attune-z-index, 2147483000);
    inset-block-end: calc(var(--attune-offset, 20px) + var(--_safe-end));
    inset-inline-end: var(--attune-offset, 20px);
  }
  /* The widget's own direction (its locale, or its dir attribute) places the launcher and
     the panel, whatever the page's direction: both are laid out in one direction. */
  :host(:state(rtl)) {
    direction: rtl;
  }
  :host(:state(ltr)) {
    direction: ltr;
  }
  /* theme="auto" follows the host page's declared color-scheme, then the OS. */
  :host(:state(light)) {
    color-scheme: light;
  }
  :host(:state(dark)) {
    color-scheme: dark;
  }
  [part='launcher'] {
    display: grid;
    place-items: center;
    inline-size: var(--attune-launcher-size, 56px);
    block-size: var(--attune-launcher-size, 56px);
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: var(--_shadow);
    transition: transform 0.2s;
  }
  [part='launcher']:hover {
    transform: scale(1.06);
  }
  [part='badge'] {
    position: absolute;
    pointer-events: none;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-inline-size: 22px;
    block-size: 22px;
    padding-inline: 6px;
    border-radius: 11px;
    background: #d92d20;
    color: #fff;
    font-size: 12px;
    font-weight: 700;
    line-height: 22px;
    text-align: center;
    box-shadow: 0 0 0 2px var(--_bg);
  }
  [part='launcher'] svg {
    inline-size: 26px;
    block-size: 26px;
  }
  [part='panel'] {
    display: flex;
    flex-direction: column;
    overflow: hidden;
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-radius: var(--attune-panel-radius, 20px);
  }
  :host([mode='launcher']) [part='panel'] {
    position: absolute;
    inset-block-end: calc(100% + 14px);
    inset-inline-end: 0;
    inline-size: var(--attune-panel-width, 380px);
    block-size: var(--attune-panel-height, 600px);
    max-inline-size: calc(100vw - 2 * var(--attune-offset, 20px));
    max-block-size: calc(100dvh - 110px - var(--_safe-end));
    box-shadow: var(--_shadow);
    transform-origin: bottom;
    animation: pop 0.22s cubic-bezier(0.2, 0.9, 0.3, 1.2);
  }
  :host([mode='inline']) [part='panel'] {
    block-size: var(--attune-panel-height, 100%);
    min-block-size: 360px;
  }
  header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 14px 16px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  [part='avatar'] {
    display: grid;
    place-items: center;
    flex: none;
    inline-size: 38px;
    block-size: 38px;
    border-radius: 50%;
    overflow: hidden;
    background: rgb(255 255 255 / 0.2);
  }
  ::slotted([slot='avatar']) {
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }
  .titles {
    flex: 1;
    min-inline-size: 0;
  }
  h2 {
    margin: 0;
    font-size: 16px;
    font-weight: 600;
  }
  [part='status'] {
    margin: 0;
    font-size: 12px;
    opacity: 0.9;
  }
  [part='status']:not(:empty)::before {
    content: '';
    display: inline-block;
    inline-size: 7px;
    block-size: 7px;
    margin-inline-end: 6px;
    border-radius: 50%;
    background: #fbbf24;
  }
  [data-status='open']::before {
    background: #4ade80 !important;
  }
  [data-status='offline']::before,
  [data-status='closed']::before {
    background: #f87171 !important;
  }
  /* 44 px: the smallest comfortable touch target (WCAG 2.5.5, Apple HIG). */
  [part='close'] {
    display: grid;
    place-items: center;
    flex: none;
    inline-size: 44px;
    block-size: 44px;
    margin-block: -6px;
    margin-inline-end: -8px;
    border: 0;
    border-radius: 50%;
    background: none;
    color: inherit;
  }
  [part='close']:hover {
    background: rgb(255 255 255 / 0.18);
  }
  header :focus-visible,
  [part='launcher']:focus-visible {
    outline-color: currentColor;
    outline-offset: -4px;
  }
  [part='launcher']:focus-visible {
    outline-color: var(--_on-accent);
    box-shadow:
      0 0 0 3px var(--_accent),
      var(--_shadow);
  }
  [part='transcript'] {
    flex: 1;
  }
  /* A calm line for the customer: the details are in attune-error and the console. */
  [part='error'] {
    flex: 1;
    margin: var(--_sp);
    padding: var(--_sp);
    border-radius: 12px;
    background: var(--_bg2);
    color: var(--_fg);
    overflow: auto;
  }
  [part='reply-time'] {
    margin: 2px 0 0;
    font-size: 12px;
    opacity: 0.9;
  }
  [part='notice'] {
    margin: 0 var(--_sp) 4px;
    padding: 8px 12px;
    border-radius: 12px;
    background: var(--_bg2);
    color: var(--_fg);
    font-size: 13px;
  }
  [part='new-conversation'] {
    align-self: center;
    margin-block: 4px;
    color: var(--_link);
  }
  [part='footer'] {
    padding: 8px var(--_sp) var(--_sp);
  }
  @media (max-width: 480px) {
    /* Full screen on a phone, sized to the visual viewport (the part the on-screen keyboard
       leaves visible: --_vv-* are kept up to date while open), clear of the notch and the
       home indicator. */
    :host([mode='launcher'][open]) [part='panel'] {
      position: fixed;
      inset: var(--_vv-top, 0px) 0 auto;
      inline-size: auto;
      block-size: var(--_vv-height, 100dvh);
      max-inline-size: none;
      max-block-size: none;
      border-radius: 0;
      border: 0;
      animation: none;
    }
    :host([mode='launcher'][open]) header {
      padding-block-start: max(14px, env(safe-area-inset-top, 0px));
      padding-inline: max(16px, env(safe-area-inset-left, 0px)) max(16px, env(safe-area-inset-right, 0px));
    }
    :host([mode='launcher'][open]) [part='footer'] {
      padding-block-end: max(var(--_sp), env(safe-area-inset-bottom, 0px));
    }
  }
  @keyframes pop {
    from {
      opacity: 0;
      transform: translateY(12px) scale(0.96);
    }
  }
`;
