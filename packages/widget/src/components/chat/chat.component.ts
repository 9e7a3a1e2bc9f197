import { LitElement, html, css } from 'lit';

/**
 * `<attune-chat>`: the support chat. Placeholder while the full element is built.
 *
 * @csspart panel - The chat panel.
 */
export class AttuneChat extends LitElement {
  static override styles = css`
    :host { display: block; font-family: var(--attune-font-family, system-ui, sans-serif); }
    [part='panel'] { border: 1px solid var(--attune-border-color, #d0d4dc); border-radius: 12px; padding: 16px; }
  `;

  static override properties = { heading: { type: String } };

  declare heading: string;

  constructor() {
    super();
    this.heading = 'Support';
  }

  override render() {
    return html`<section part="panel" aria-label=${this.heading}><h2>${this.heading}</h2></section>`;
  }
}
