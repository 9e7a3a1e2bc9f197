import { html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import type { AttuneError } from '@attune/core';
import type { AttuneSendDetail } from '../../events.js';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement, toAttuneError } from '../../internal/attune-element.js';
import { sendIcon, stopIcon } from '../../internal/icons.js';
import { theme } from '../../internal/theme.js';
import { styles } from './composer.styles.js';

/**
 * Where the customer types: a textarea that grows with its text, Enter sends, Shift+Enter
 * starts a new line (and Enter while an IME is composing does nothing). Near the limit it
 * shows how many characters are left. If the conversation refuses the text (too long,
 * empty…) the coded error is shown under the field and the text is kept.
 * Disabled while the conversation is closed or disposed.
 *
 * @summary Message composer.
 * @tag attune-composer
 * @event attune-echo-confirm - A typed "yes" confirmed the open echo: `{ echoId }` (after the fact, not cancelable).
 * @event attune-echo-correct - A typed "not quite" corrected the open echo: `{ echoId, text? }` (not cancelable).
 * @event attune-choose - A typed option label or number chose an option: `{ pickerId, optionId, label }` (not cancelable).
 * @event attune-send - The customer sends `{ text }`; `detail.id` is set once the conversation accepted it. Cancelable: `preventDefault()` keeps the message from being sent (and the text in the field).
 * @event attune-error - The conversation refused the text: `{ error }` (e.g. `input/too-long`).
 * @event attune-stop - The customer stops the reply that is streaming in. Cancelable: `preventDefault()` keeps it going.
 * @csspart composer - The form.
 * @csspart input - The textarea.
 * @csspart send - The send button.
 * @csspart stop - The stop button, shown while a reply streams in.
 * @csspart count - "N characters left", shown near the limit.
 * @csspart composer-error - The error under the field.
 * @cssproperty --attune-accent - Colour of the send button.
 */
export class AttuneComposer extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = {
    disabled: { type: Boolean, reflect: true },
    maxLength: { type: Number, attribute: 'max-length' },
    value: {},
    error: { attribute: false },
  };

  /** Disables the field (it is also disabled while the conversation is closed). */
  declare disabled: boolean;
  /** Longest message in characters (the conversation's `maxLength`); the count shows near it. */
  declare maxLength: number;
  /** The text in the field. */
  declare value: string;
  /** The error shown under the field (set by a refused send; cleared when the text changes). */
  declare error: AttuneError | null;
  #status = new ConversationController(
    this,
    () => this.conversation,
    (s) => s.status,
  );
  // Whether a reply is streaming in: the Stop button shows next to Send.
  #streaming = new ConversationController(
    this,
    () => this.conversation,
    (s) => s.messages.some((m) => m.kind === 'text' && m.streaming === true),
  );

  constructor() {
    super();
    this.disabled = false;
    this.maxLength = 4000;
    this.value = '';
    this.error = null;
  }

  /** Focuses the text field (pass `{ preventScroll: true }` to keep the page still). */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('textarea')?.focus(options);
  }

  /** Sends the field's text: fires `attune-send`, then hands it to the conversation. */
  send(): void {
    const text = this.value;
    if (this.#off || !text.trim()) return;
    const detail: AttuneSendDetail = { text };
    if (!this.emit('attune-send', detail, true)) return;
    try {
      if (this.conversation) {
        detail.id = this.conversation.send(text);
        this.#answered(detail.id);
      }
      this.value = '';
      this.error = null;
    } catch (e) {
      this.error = toAttuneError(e);
      this.emit('attune-error', { error: this.error });
    }
  }

  // A typed "yes" / "not quite" / option label answered an open echo or picker (core's
  // `send` returned its id): hosts hear it like a click, after the fact (not cancelable).
  #answered(id: string): void {
    const answered = this.conversation?.getSnapshot().messages.find((m) => m.id === id);
    if (answered?.kind === 'echo' && answered.state === 'confirmed') this.emit('attune-echo-confirm', { echoId: id });
    else if (answered?.kind === 'echo' && answered.state === 'corrected')
      this.emit('attune-echo-correct', answered.correction ? { echoId: id, text: answered.correction } : { echoId: id });
    else if (answered?.kind === 'choice' && answered.chosen !== undefined) {
      const option = answered.options.find((o) => o.id === answered.chosen);
      if (option) this.emit('attune-choose', { pickerId: id, optionId: option.id, label: option.label });
    }
  }

  get #off(): boolean {
    return this.disabled || this.#status.value === 'closed';
  }

  readonly #submit = (e: Event): void => {
    e.preventDefault();
    this.send();
  };

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('value')) {
      // Grow with the text, up to the CSS max-block-size. An empty composer keeps its CSS
      // height: measuring it would force a layout of the whole widget on first render.
      const area = this.renderRoot.querySelector('textarea');
      if (!area) return;
      area.style.blockSize = 'auto';
      if (this.value) area.style.blockSize = `${area.scrollHeight + 2}px`;
    }
  }

  override render() {
    const tr = this.tr;
    const left = this.maxLength - this.value.length;
    const error = this.error;
    const note = error
      ? html`<p part="composer-error" id="note" role="alert" data-code=${error.code}>
          ${error.code === 'input/too-long' ? tr.t('ui.tooLong', { max: this.maxLength }) : tr.t('ui.error.generic')}
        </p>`
      : left <= Math.max(20, this.maxLength / 10)
        ? html`<p part="count" id="note" data-over=${left < 0}>${left < 0 ? tr.t('ui.tooLong', { max: this.maxLength }) : tr.plural('ui.charsLeft', left)}</p>`
        : nothing;
    return html`<form part="composer" @submit=${this.#submit}>
        <textarea
          part="input"
          rows="1"
          .value=${this.value}
          placeholder=${tr.t('ui.placeholder')}
          aria-label=${tr.t('ui.composerLabel')}
          aria-describedby=${note === nothing ? nothing : 'note'}
          aria-invalid=${error ? 'true' : 'false'}
          ?disabled=${this.#off}
          @input=${(e: Event) => {
            this.value = (e.target as HTMLTextAreaElement).value;
            this.error = null;
          }}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              this.send();
            }
          }}
        ></textarea>
        ${
          this.#streaming.value
            ? html`<button
                part="stop"
                type="button"
                aria-label=${tr.t('ui.stopLabel')}
                @click=${() => {
                  if (this.emit('attune-stop', {}, true)) this.conversation?.stop();
                  // Focus stays in the composer: the customer keeps typing.
                  this.focus({ preventScroll: true });
                }}
              >
                ${stopIcon}
              </button>`
            : nothing
        }
        <button part="send" class="primary" aria-label=${tr.t('ui.send')} ?disabled=${this.#off}>${sendIcon}</button>
      </form>
      ${note}`;
  }
}
