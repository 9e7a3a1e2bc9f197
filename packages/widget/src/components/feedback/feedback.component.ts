import { html, nothing, svg } from 'lit';
import type { PropertyValues } from 'lit';
import type { FeedbackValue, TextMessage } from '@attune/core';
import { AttuneElement } from '../../internal/attune-element.js';
import { theme } from '../../internal/theme.js';
import { styles } from './feedback.styles.js';

// One thumb; the stylesheet turns the "down" one over (decorative: the buttons carry the names).
const thumb = html`<svg
  viewBox="0 0 24 24"
  width="16"
  height="16"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
  stroke-linejoin="round"
  aria-hidden="true"
>
  ${svg`<path d="M7 10v11H3V10zM7 10l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.1 21H7"/>`}
</svg>`;

const REASONS = ['feedback.reason.unanswered', 'feedback.reason.wrong', 'feedback.reason.unclear'] as const;

/**
 * Thumbs up / down on one agent or bot message: two toggle buttons (`aria-pressed`) in a
 * labelled group; pressing the chosen one again clears it. After a thumbs-down, a short
 * list of reasons (toggle buttons) and an optional line of free text follow inline; focus
 * stays where the customer is. `<attune-message-list>` shows it under each agent line
 * (loaded on demand) unless `feedback="off"`.
 *
 * Give it the `message` and a `conversation` (it calls `conversation.feedback()`), or only
 * a `message` and listen for `attune-feedback`.
 *
 * @summary Per-message thumbs with an optional reason.
 * @tag attune-feedback
 * @event attune-feedback - The customer rated the message: `{ messageId, value, reason? }` (`value: null` cleared it). Cancelable.
 * @csspart feedback - The group of thumbs.
 * @csspart thumb - Each thumb button (also `up` or `down`, and `on` when chosen).
 * @csspart feedback-reasons - The reasons after a thumbs-down.
 * @csspart feedback-reason - Each reason button (`on` when chosen).
 * @csspart feedback-other - The free-text reason field.
 * @csspart feedback-submit - Its send button.
 * @csspart feedback-thanks - The thank-you line.
 */
export class AttuneFeedback extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = { message: { attribute: false } };

  /** The agent or bot text message to rate. */
  declare message: TextMessage | undefined;
  // The customer's choice, shown at once; the next `message` (the snapshot, or the host's
  // data) carries it, and from then on the message says (another tab may change it).
  #local: { id: string; value: FeedbackValue | null; reason?: string } | undefined;
  #asking = false;
  #thanked = false;
  #other = '';

  constructor() {
    super();
    this.message = undefined;
  }

  #current(m: TextMessage): { value: FeedbackValue | null; reason?: string } {
    if (this.#local?.id === m.id) return this.#local;
    return m.feedback ?? { value: null };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('message')) this.#local = undefined;
  }

  #give(m: TextMessage, value: FeedbackValue | null, reason?: string): void {
    const detail = { messageId: m.id, value, ...(reason ? { reason } : {}) };
    if (!this.act('attune-feedback', detail, (c) => c.feedback(m.id, value, reason))) return;
    this.#local = { id: m.id, value, ...(reason ? { reason } : {}) };
    // A thumbs-down asks why (once); a reason or a thumbs-up is thanked.
    this.#asking = value === 'down' && reason === undefined;
    this.#thanked = value === 'up' || reason !== undefined;
    this.requestUpdate();
  }

  override render() {
    const m = this.message;
    if (m?.kind !== 'text' || m.from !== 'agent' || m.streaming) return nothing;
    const tr = this.tr;
    const { value, reason } = this.#current(m);
    const toggle = (which: FeedbackValue) => {
      const on = value === which;
      return html`<button
        part="thumb ${which}${on ? ' on' : ''}"
        aria-pressed=${on ? 'true' : 'false'}
        aria-label=${tr.t(which === 'up' ? 'feedback.up' : 'feedback.down')}
        title=${tr.t(which === 'up' ? 'feedback.up' : 'feedback.down')}
        @click=${() => this.#give(m, on ? null : which)}
      >
        ${thumb}
      </button>`;
    };
    const asking = this.#asking && value === 'down';
    return html`<div part="feedback" role="group" aria-label=${tr.t('feedback.label')}>${toggle('up')}${toggle('down')}</div>
      ${
        asking
          ? html`<div part="feedback-reasons" role="group" aria-label=${tr.t('feedback.reasonPrompt')}>
              ${REASONS.map((key) => {
                const label = tr.t(key);
                return html`<button
                  part="feedback-reason${reason === label ? ' on' : ''}"
                  class="btn"
                  aria-pressed=${reason === label ? 'true' : 'false'}
                  @click=${() => this.#give(m, 'down', label)}
                >
                  ${label}
                </button>`;
              })}
              <form
                class="row"
                @submit=${(e: Event) => {
                  e.preventDefault();
                  const text = this.#other.trim();
                  if (text) this.#give(m, 'down', text);
                }}
              >
                <input
                  part="feedback-other"
                  class="field"
                  maxlength="500"
                  aria-label=${tr.t('feedback.otherLabel')}
                  placeholder=${tr.t('feedback.otherLabel')}
                  .value=${this.#other}
                  @input=${(e: Event) => (this.#other = (e.target as HTMLInputElement).value)}
                />
                <button part="feedback-submit" class="btn">${tr.t('feedback.send')}</button>
              </form>
            </div>`
          : nothing
      }
      <p part="feedback-thanks" role="status">${this.#thanked && value !== null ? tr.t('feedback.thanks') : ''}</p>`;
  }
}
