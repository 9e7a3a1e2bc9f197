import { html, nothing } from 'lit';
import { connectCsat } from '@attune/core';
import type { CsatMessage } from '@attune/core';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement } from '../../internal/attune-element.js';
import { latest } from '../../internal/latest.js';
import { spread } from '../../internal/spread.js';
import { theme } from '../../internal/theme.js';
import { styles } from './csat.styles.js';
import { csatPart } from '../../internal/parts.js';

/**
 * The satisfaction question after a recap: one tap rates 1–5 (toggle buttons named
 * "4 stars"…), then an optional comment with a send button, then a thank-you.
 *
 * Give it a `csat` message, or a `conversation` to show its latest CSAT question.
 *
 * @summary One-tap CSAT with optional comment.
 * @tag attune-csat
 * @event attune-rate - A score: `{ score }` on the tap, `{ score, comment }` when the comment is sent. Cancelable.
 * @csspart csat - The group.
 * @csspart csat-prompt - The question.
 * @csspart scores - The row of score buttons.
 * @csspart score - Each score button (`score on` up to the chosen score).
 * @csspart comment - The comment field.
 * @csspart comment-submit - Its send button.
 * @csspart thanks - The thank-you line.
 * @cssproperty --attune-star - Colour of a selected star.
 */
export class AttuneCsat extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = { csat: { attribute: false } };

  /** The `csat` message to render. */
  declare csat: CsatMessage | undefined;
  #latest = new ConversationController(this, () => (this.csat ? undefined : this.conversation), latest('csat'));
  #comment = '';
  // Shown at once, before a server echoes the score back (and when rendering plain data).
  #local: Partial<CsatMessage> = {};

  constructor() {
    super();
    this.csat = undefined;
  }

  override render() {
    const source = this.csat ?? this.#latest.value;
    if (!source) return nothing;
    const csat = source.score === undefined && this.#local.id === source.id ? { ...source, ...this.#local } : source;
    const api = connectCsat(csat, {
      idPrefix: '',
      translator: this.tr,
      comment: this.#comment,
      onCommentChange: (text) => {
        this.#comment = text;
        this.requestUpdate();
      },
      onRate: (score, comment) => {
        const detail = comment ? { score, comment } : { score };
        if (this.act('attune-rate', detail, (c) => c.rate(score, comment))) {
          this.#local = { id: source.id, ...detail };
          this.requestUpdate();
        }
      },
    });
    return html`<div part=${csatPart.root} class="card" ${spread(api.getRootProps())}>
      <p part=${csatPart.prompt} ${spread(api.getPromptProps())}>${csat.prompt}</p>
      <div part="scores">
        ${api.scores.map(
          (n) =>
            html`<button part=${n <= (api.score ?? 0) ? `${csatPart.score} on` : csatPart.score} ${spread(api.getScoreProps(n))}>
              <span aria-hidden="true">★</span>
            </button>`,
        )}
      </div>
      ${
        api.commented
          ? html`<p part="thanks" role="status">${api.labels.thanks}</p>`
          : api.submitted
            ? html`<div class="row">
                <textarea part=${csatPart.comment} class="field" rows="2" ${spread(api.getCommentProps())}></textarea>
                <button part=${csatPart.submit} class="btn primary" ${spread(api.getSubmitProps())}>${api.labels.submit}</button>
              </div>`
            : nothing
      }
    </div>`;
  }
}
