import { html, nothing } from 'lit';
import { connectRecap } from '@attune/core';
import type { RecapMessage } from '@attune/core';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement } from '../../internal/attune-element.js';
import { latest } from '../../internal/latest.js';
import { spread } from '../../internal/spread.js';
import { theme } from '../../internal/theme.js';
import { styles } from './recap.styles.js';
import { recapPart } from '../../internal/parts.js';

/**
 * The closing recap: whether it is solved (or the impact when it is not), what was
 * understood, what was done, the next step — who does what, by when — and a care line.
 *
 * Give it a `recap` message, or a `conversation` to show its latest recap.
 *
 * @summary Closing recap.
 * @tag attune-recap
 * @csspart recap - The region (`data-state="resolved|unresolved"`).
 * @csspart recap-heading - "Summary".
 * @csspart recap-status - Solved, or the impact line.
 * @csspart recap-section - Each section.
 * @csspart recap-label - A section's label.
 * @csspart next-step - The next-step section.
 * @csspart care - The care line.
 * @cssproperty --attune-success - Colour of a solved recap.
 * @cssproperty --attune-warning - Colour of an unsolved recap.
 */
export class AttuneRecap extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = { recap: { attribute: false } };

  /** The `recap` message to render. */
  declare recap: RecapMessage | undefined;
  #latest = new ConversationController(this, () => (this.recap ? undefined : this.conversation), latest('recap'));

  constructor() {
    super();
    this.recap = undefined;
  }

  override render() {
    const recap = this.recap ?? this.#latest.value;
    if (!recap) return nothing;
    const api = connectRecap(recap, { idPrefix: '', translator: this.tr });
    return html`<section part=${recapPart.root} class="card" ${spread(api.getRootProps())}>
      <h3 part=${recapPart.heading} ${spread(api.getHeadingProps())}>${api.heading}</h3>
      ${api.sections.map(
        (s) =>
          html`<div
            part=${s.name === 'status' ? 'recap-status' : s.name === 'care' ? 'care' : s.name === 'nextStep' ? `${recapPart.section} next-step` : recapPart.section}
            ${spread(api.getSectionProps(s.name))}
          >
            ${s.label ? html`<h4 part="recap-label">${s.label}</h4>` : nothing}
            ${
              s.lines.length > 1 && s.name === 'done'
                ? html`<ul>
                    ${s.lines.map((l) => html`<li>${l}</li>`)}
                  </ul>`
                : s.lines.map((l) => html`<p>${l}</p>`)
            }
          </div>`,
      )}
    </section>`;
  }
}
