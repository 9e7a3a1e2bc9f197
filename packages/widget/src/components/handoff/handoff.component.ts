import { html, css, nothing } from 'lit';
import type { HandoffMessage } from '@attune/core';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement } from '../../internal/attune-element.js';
import { latest } from '../../internal/latest.js';
import { theme } from '../../internal/theme.js';
import { personIcon } from '../../internal/icons.js';

/**
 * A notice about handing the conversation to a person ("Ana has joined.").
 *
 * Give it a `handoff` message, or a `conversation` to show its latest handoff notice.
 *
 * @summary Handoff notice.
 * @tag attune-handoff
 * @csspart handoff - The notice (`data-state` is the handoff state).
 * @csspart handoff-icon - The person icon.
 * @cssproperty --attune-text-muted - Colour of the notice.
 */
export class AttuneHandoff extends AttuneElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      [part='handoff'] {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 8px;
        margin: 0;
        font-size: 13px;
        color: var(--_muted);
        text-align: center;
      }
      [part='handoff']::before,
      [part='handoff']::after {
        content: '';
        flex: 1;
        border-block-start: 1px solid var(--_line);
      }
      svg {
        inline-size: 16px;
        block-size: 16px;
        vertical-align: -3px;
      }
      [data-state='connected'] {
        color: var(--_ok);
        font-weight: 500;
      }
    `,
  ];
  static override properties = { handoff: { attribute: false } };

  /** The `handoff` message to render. */
  declare handoff: HandoffMessage | undefined;
  #latest = new ConversationController(this, () => (this.handoff ? undefined : this.conversation), latest('handoff'));

  constructor() {
    super();
    this.handoff = undefined;
  }

  override render() {
    const h = this.handoff ?? this.#latest.value;
    return h ? html`<p part="handoff" data-state=${h.state}><span part="handoff-icon">${personIcon}</span>${h.text}</p>` : nothing;
  }
}
