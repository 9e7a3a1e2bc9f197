import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  [part~='recap'] {
    --_tone: var(--_ok);
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-inline-start: 4px solid var(--_tone);
    border-radius: 14px;
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.06);
  }
  [data-state='unresolved'] {
    --_tone: var(--_warn);
  }
  h3,
  h4,
  p,
  ul {
    margin: 0;
  }
  h3 {
    font-size: 15px;
  }
  h4 {
    font-size: 11px;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--_muted);
  }
  ul {
    padding-inline-start: 18px;
  }
  [part~='recap-status'] {
    color: var(--_tone);
    font-weight: 600;
  }
  [part~='recap-section'],
  [part~='recap-status'],
  [part~='care'] {
    margin-block-start: 8px;
  }
  [part~='next-step'] {
    background: var(--_bg2);
    border-radius: 10px;
    padding: 8px 10px;
  }
  [part~='care'] {
    font-style: italic;
    color: var(--_muted);
  }
`;
