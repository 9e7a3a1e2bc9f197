import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  [part='feedback'] {
    display: flex;
    gap: 2px;
  }
  [part~='thumb'] {
    display: inline-grid;
    place-items: center;
    border: 0;
    background: none;
    border-radius: 8px;
    padding: 4px;
    color: var(--_muted);
  }
  [part~='down'] svg {
    transform: scaleY(-1);
  }
  [part~='thumb']:hover {
    color: var(--_fg);
    background: color-mix(in srgb, var(--_muted) 12%, transparent);
  }
  [part~='thumb'][part~='on'] {
    color: var(--_accent);
  }
  [part~='thumb'][part~='on'] svg {
    fill: color-mix(in srgb, var(--_accent) 25%, transparent);
  }
  [part='feedback-reasons'] {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-block: 4px;
    max-inline-size: 92%;
  }
  [part~='feedback-reason'][part~='on'] {
    border-color: var(--_accent);
  }
  .row {
    display: flex;
    gap: 6px;
    inline-size: 100%;
  }
  [part='feedback-thanks'] {
    margin: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part='feedback-thanks']:empty {
    display: none;
  }
`;
