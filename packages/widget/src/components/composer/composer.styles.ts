import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  form {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    border: 1px solid var(--_line);
    border-radius: 26px;
    background: var(--_bg);
    padding: 3px;
    padding-inline-start: 14px;
    transition:
      border-color 0.15s,
      box-shadow 0.15s;
  }
  form:focus-within {
    border-color: var(--_accent);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 18%, transparent);
  }
  textarea {
    flex: 1;
    border: 0;
    background: none;
    resize: none;
    padding-block: 9px;
    max-block-size: 8lh;
    /* Below 16 px, iOS zooms the whole page when the field gets focus. */
    font-size: max(16px, 1em);
    line-height: 1.4;
  }
  /* The whole composer shows focus (form:focus-within); a second ring inside it is noise. */
  textarea:focus-visible {
    outline: none;
  }
  textarea::placeholder {
    color: var(--_muted);
  }
  [part='send'],
  [part='stop'] {
    display: grid;
    place-items: center;
    flex: none;
    inline-size: 44px;
    block-size: 44px;
    border-radius: 50%;
    border: 0;
    padding: 0;
  }
  [part='stop'] {
    background: none;
    color: inherit;
    border: 1px solid var(--_line);
  }
  [part='send']:disabled,
  textarea:disabled {
    opacity: 0.5;
  }
  :dir(rtl) svg {
    transform: scaleX(-1);
  }
  p {
    margin: 4px 14px 0;
    font-size: 12px;
    color: var(--_muted);
  }
  [part='composer-error'],
  [data-over='true'] {
    color: var(--_err);
  }
`;
