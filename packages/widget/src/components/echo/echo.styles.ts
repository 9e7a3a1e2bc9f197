import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  p {
    margin: 0;
  }
  [part='echo-actions'],
  [part='correction'] {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-block-start: 10px;
  }
  [part='correction-input'] {
    flex: 1;
    min-inline-size: 10em;
    inline-size: auto;
  }
  [part='echo-result'] {
    margin-block-start: 8px;
    font-size: 13px;
    color: var(--_muted);
  }
  [data-state='confirmed'] span {
    color: var(--_ok);
  }
`;
