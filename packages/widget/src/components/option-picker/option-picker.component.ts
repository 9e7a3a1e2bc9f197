import { html, nothing } from 'lit';
import { connectOptionPicker } from '@attune/core';
import type { ChoiceMessage } from '@attune/core';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement } from '../../internal/attune-element.js';
import { spread } from '../../internal/spread.js';
import { theme } from '../../internal/theme.js';
import { latest } from '../../internal/latest.js';
import { styles } from './option-picker.styles.js';
import { pickerPart } from '../../internal/parts.js';

/**
 * Two or three ways forward, as real buttons in the WAI-ARIA radio-group pattern from the
 * core's `connectOptionPicker`: one tab stop, arrow keys move focus (mirrored in
 * right-to-left), Home/End jump, Enter/Space choose. After a choice the chosen option
 * stays visible and readable (`aria-checked="true"`) and the others are disabled.
 *
 * Give it a `choice` message, or a `conversation` to show its latest picker.
 *
 * @summary Option picker (2–3 options).
 * @tag attune-option-picker
 * @event attune-choose - An option was chosen: `{ pickerId, optionId, label }`. Cancelable; unless cancelled the choice is sent to `conversation`.
 * @csspart picker - The group.
 * @csspart prompt - The question.
 * @csspart option - Each option button (`option chosen` on the chosen one).
 * @csspart option-label - The label inside an option.
 * @csspart option-description - An option's description.
 * @cssproperty --attune-accent - Colour of the chosen option and the focus ring.
 * @cssproperty --attune-radius - Corner radius.
 */
export class AttuneOptionPicker extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = { choice: { attribute: false }, closed: { type: Boolean, reflect: true } };

  /** The `choice` message to render. */
  declare choice: ChoiceMessage | undefined;
  /**
   * The conversation moved past this picker without a choice (the customer typed something
   * else, a newer question came): its options show, but can no longer be chosen.
   * `<attune-message-list>` sets it.
   */
  declare closed: boolean;
  #latest = new ConversationController(this, () => (this.choice ? undefined : this.conversation), latest('choice'));
  #highlighted: string | undefined;
  // The choice made here, shown at once (also when rendering plain data nobody updates).
  #chosen: { id?: string; chosen?: string } = {};

  constructor() {
    super();
    this.choice = undefined;
    this.closed = false;
  }

  override render() {
    const source = this.choice ?? this.#latest.value;
    if (!source) return nothing;
    const choice = source.chosen === undefined && this.#chosen.id === source.id ? { ...source, ...this.#chosen } : source;
    const api = connectOptionPicker(choice, {
      idPrefix: '',
      highlightedId: this.#highlighted,
      dir: getComputedStyle(this).direction === 'rtl' ? 'rtl' : 'ltr',
      onHighlight: (id) => {
        this.#highlighted = id;
        this.requestUpdate();
        this.renderRoot.querySelectorAll('button')[choice.options.findIndex((o) => o.id === id)]?.focus();
      },
      onChoose: (optionId) => {
        const label = choice.options.find((o) => o.id === optionId)?.label ?? optionId;
        if (this.act('attune-choose', { pickerId: choice.id, optionId, label }, (c) => c.choose(choice.id, optionId))) {
          this.#chosen = { id: choice.id, chosen: optionId };
          this.requestUpdate();
        }
      },
    });
    const closed = this.closed && api.chosen === undefined;
    return html`<div part=${pickerPart.root} data-closed=${closed} ${spread(api.getRootProps())}>
      <p part=${pickerPart.label} ${spread(api.getLabelProps())}>${choice.prompt}</p>
      <div class="opts">
        ${choice.options.map(
          (o) =>
            html`<button
              part=${o.id === api.chosen ? `${pickerPart.option} chosen` : pickerPart.option}
              class="btn"
              ${spread(closed ? { ...api.getOptionProps(o), disabled: true, 'aria-disabled': true } : api.getOptionProps(o))}
            >
              <span part="option-label">${o.id === api.chosen ? html`<span aria-hidden="true">✓ </span>` : nothing}${o.label}</span>
              ${o.description ? html`<span part=${pickerPart['option-description']} ${spread(api.getDescriptionProps(o))}>${o.description}</span>` : nothing}
            </button>`,
        )}
      </div>
    </div>`;
  }
}
