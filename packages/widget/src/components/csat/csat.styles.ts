import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  p {
    margin: 0;
  }
  [part='scores'] {
    display: flex;
    gap: 2px;
    margin-block: 6px;
  }
  [part~='score'] {
    border: 0;
    background: none;
    border-radius: 8px;
    padding: 2px 4px;
    font-size: 26px;
    line-height: 1;
    color: color-mix(in srgb, var(--_muted) 45%, transparent);
    transition:
      transform 0.15s,
      color 0.15s;
  }
  [part~='on'],
  [part='scores']:has(:enabled:hover) [part~='score'] {
    color: var(--attune-star, #f5a524);
  }
  [part~='score']:enabled:hover ~ [part~='score'] {
    color: color-mix(in srgb, var(--_muted) 45%, transparent);
  }
  [part~='score']:not(:disabled):hover {
    transform: scale(1.15);
  }
  .row {
    display: flex;
    gap: 8px;
    align-items: flex-end;
  }
  [part='thanks'] {
    color: var(--_ok);
    font-weight: 500;
  }
`;
