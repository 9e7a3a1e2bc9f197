import { html, nothing } from 'lit';
import { connectEcho } from '@attune/core';
import type { EchoMessage } from '@attune/core';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement } from '../../internal/attune-element.js';
import { latest } from '../../internal/latest.js';
import { spread } from '../../internal/spread.js';
import { theme } from '../../internal/theme.js';
import { styles } from './echo.styles.js';
import { echoPart } from '../../internal/parts.js';

/**
 * A paraphrase echo: the agent says back what it understood and asks whether it got it
 * right, with "Yes, that's right" and "Not quite". "Not quite" opens an inline field for
 * the correction (Enter sends it, Escape closes it; sending it empty just says "not quite").
 * Once settled, the answer stays visible in place of the buttons.
 *
 * Give it an `echo` message, or a `conversation` to show its latest echo.
 *
 * @summary Paraphrase echo with confirm / correct.
 * @tag attune-echo
 * @event attune-echo-confirm - "Yes, that's right": `{ echoId }`. Cancelable.
 * @event attune-echo-correct - "Not quite": `{ echoId, text? }`. Cancelable.
 * @csspart echo - The whole echo.
 * @csspart echo-text - The agent's reflection.
 * @csspart echo-actions - The two buttons.
 * @csspart confirm - "Yes, that's right".
 * @csspart correct - "Not quite".
 * @csspart correction - The correction form.
 * @csspart correction-input - Its text field.
 * @csspart correction-submit - Its send button.
 * @csspart echo-result - The settled answer.
 * @cssproperty --attune-surface-alt - Background of agent content.
 */
export class AttuneEcho extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = { echo: { attribute: false }, closed: { type: Boolean, reflect: true } };

  /** The `echo` message to render. */
  declare echo: EchoMessage | undefined;
  /** The conversation moved past this echo unanswered: it shows without its buttons. `<attune-message-list>` sets it. */
  declare closed: boolean;
  #latest = new ConversationController(this, () => (this.echo ? undefined : this.conversation), latest('echo'));
  #draft = '';
  #correcting = false;
  // The answer given here, shown at once (also when rendering plain data nobody updates).
  #answer: Partial<EchoMessage> = {};

  constructor() {
    super();
    this.echo = undefined;
    this.closed = false;
  }

  #answered(answer: Partial<EchoMessage>): void {
    const id = (this.echo ?? this.#latest.value)?.id;
    this.#answer = { ...(id === undefined ? {} : { id }), ...answer };
    this.requestUpdate();
  }

  override render() {
    const source = this.echo ?? this.#latest.value;
    if (!source) return nothing;
    const echo = source.state === 'proposed' && this.#answer.id === source.id ? { ...source, ...this.#answer } : source;
    const api = connectEcho(echo, {
      idPrefix: '',
      translator: this.tr,
      correcting: this.#correcting,
      draft: this.#draft,
      onDraftChange: (text) => {
        this.#draft = text;
        this.requestUpdate();
      },
      onCorrectingChange: (on) => {
        this.#correcting = on;
        this.requestUpdate();
        if (on) void this.updateComplete.then(() => this.renderRoot.querySelector('input')?.focus());
      },
      onConfirm: () => this.act('attune-echo-confirm', { echoId: echo.id }, (c) => c.confirmEcho(echo.id)) && this.#answered({ state: 'confirmed' }),
      onCorrect: (text) => {
        const detail = text ? { echoId: echo.id, text } : { echoId: echo.id };
        if (this.act('attune-echo-correct', detail, (c) => c.correctEcho(echo.id, text))) {
          this.#draft = '';
          this.#answered({ state: 'corrected', ...(text && { correction: text }) });
        }
      },
    });
    const { labels } = api;
    return html`<div part=${echoPart.root} class="card" ${spread(api.getRootProps())}>
      <p part=${echoPart.text} ${spread(api.getTextProps())}>${echo.text}</p>
      ${
        this.closed && !api.settled
          ? nothing
          : api.settled
            ? html`<p part="echo-result" data-state=${echo.state}>
                <span aria-hidden="true">${echo.state === 'confirmed' ? '✓' : '✎'}</span>
                ${echo.state === 'confirmed' ? labels.confirm : labels.correct}${echo.correction ? html`: <q>${echo.correction}</q>` : nothing}
              </p>`
            : html`<div part="echo-actions">
                  <button part=${echoPart.confirm} class="btn primary" ${spread(api.getConfirmProps())}>${labels.confirm}</button>
                  <button part=${echoPart.correct} class="btn" ${spread(api.getCorrectProps())}>${labels.correct}</button>
                </div>
                ${
                  api.correcting
                    ? html`<div part="correction">
                        <input part=${echoPart['correction-input']} class="field" ${spread(api.getCorrectionInputProps())} />
                        <button part=${echoPart['correction-submit']} class="btn primary" ${spread(api.getCorrectionSubmitProps())}>
                          ${this.tr.t('ui.send')}
                        </button>
                      </div>`
                    : nothing
                }`
      }
    </div>`;
  }
}
