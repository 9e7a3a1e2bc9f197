import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .opts {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-block-start: 8px;
  }
  [part~='prompt'] {
    inline-size: fit-content;
    max-inline-size: 82%;
    margin: 0;
    padding: 9px 14px;
    border-radius: var(--_r);
    border-end-start-radius: 6px;
    background: var(--_bg2);
  }
  [part~='option'] {
    display: flex;
    flex-direction: column;
    justify-content: center;
    align-items: flex-start;
    text-align: start;
    border-color: color-mix(in srgb, var(--_accent) 45%, var(--_line));
    color: var(--_link);
    font-weight: 500;
  }
  [part~='option']:disabled {
    opacity: 0.55;
    color: var(--_muted);
    border-color: var(--_line);
  }
  /* The chosen option stays fully readable even when the picker is settled. */
  [part~='option'][part~='chosen'] {
    opacity: 1;
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  [part~='option-description'] {
    font-size: 12px;
    font-weight: 400;
    color: var(--_muted);
  }
`;
