import { html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
import type { Message } from '@attune/core';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement } from '../../internal/attune-element.js';
import { downIcon } from '../../internal/icons.js';
import { linkify } from '../../internal/linkify.js';
import { csatParts, echoParts, handoffParts, pickerParts, recapParts } from '../../internal/parts.js';
import { theme } from '../../internal/theme.js';
import { styles } from './message-list.styles.js';

/**
 * The transcript: a `role="log"` live region that announces each new message once, as a
 * whole (messages are appended as complete nodes; the typing indicator sits outside the
 * log). The customer's own messages carry `aria-live="off"`: they stay readable in the
 * transcript but are not read back right after they were typed. Echoes, pickers, recaps,
 * CSAT and handoff notices render with their own elements, keyed by message id so
 * appending one message leaves the others alone. It sticks to the bottom while the reader
 * is there; otherwise a "New messages" button appears. Links are made only from `http(s)` URLs.
 *
 * Give it a `conversation`, or plain `messages` (and `typing`).
 *
 * @summary Transcript.
 * @tag attune-message-list
 * @slot empty - Shown while there are no messages (default: a greeting from the catalog).
 * @event attune-retry - The customer retries a failed message: `{ id }`. Cancelable.
 * @csspart log - The scrolling `role="log"` region.
 * @csspart message - Each text message row, also `customer`, `agent` or `system`.
 * @csspart bubble - The bubble of a text message.
 * @csspart sender - An agent's display name.
 * @csspart link - A link in a message.
 * @csspart message-status - "Sending…" / "Not sent" under a customer message.
 * @csspart retry - The retry button of a failed message.
 * @csspart typing - The typing indicator.
 * @csspart empty - The empty state.
 * @csspart new-messages - The "New messages" button.
 * @cssproperty --attune-accent - Background of the customer's bubbles.
 * @cssproperty --attune-on-accent - Text on the customer's bubbles.
 * @cssproperty --attune-surface-alt - Background of the agent's bubbles.
 * @cssproperty --attune-radius - Bubble corner radius.
 * @cssproperty --attune-spacing - Space around the transcript.
 */
export class AttuneMessageList extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = {
    messages: { attribute: false },
    typing: { type: Boolean },
  };

  /** Messages to show instead of a conversation's. */
  declare messages: readonly Message[] | undefined;
  /** Shows the typing indicator (with plain `messages`). */
  declare typing: boolean;
  #snapshot = new ConversationController(this, () => (this.messages ? undefined : this.conversation), (s) => ({ messages: s.messages, typing: s.typing }));
  #stick = true;
  #count = 0;
  // Newer messages arrived while the reader was scrolled up.
  #behind = false;
  #resize = new ResizeObserver(() => this.#stick && this.scrollToEnd());
  // Ids already on screen, and the positions of the few new rows to animate in: a
  // restored transcript or a burst appears at once, only a live message or two slides in.
  #seen = new Set<string>();
  #enter: number[] = [];

  constructor() {
    super();
    this.messages = undefined;
    this.typing = false;
  }

  get #log(): HTMLElement | null {
    return this.renderRoot.querySelector('[part=log]');
  }

  /** Scrolls the transcript (not the page) to the newest message. */
  scrollToEnd(): void {
    const log = this.#log;
    if (log) log.scrollTop = log.scrollHeight;
    this.#behind = false;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the DOM after a move: observe again, as Lit's ResizeController does (the
    // first time, the list does not exist yet and firstUpdated observes it).
    const items = this.renderRoot.querySelector('.items');
    if (items) this.#resize.observe(items);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  protected override firstUpdated(): void {
    this.#resize.observe(this.renderRoot.querySelector('.items')!);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const list = this.messages ?? this.#snapshot.value?.messages ?? [];
    const count = list.length;
    if (count > this.#count && !this.#stick) this.#behind = true;
    this.#count = count;
    const first = this.#seen.size === 0;
    const fresh: number[] = [];
    list.forEach((m, i) => {
      if (!this.#seen.has(m.id)) {
        this.#seen.add(m.id);
        fresh.push(i);
      }
    });
    this.#enter = !first && fresh.length <= 3 ? fresh : [];
  }

  protected override updated(): void {
    if (!this.#enter.length || !globalThis.matchMedia?.('(prefers-reduced-motion: no-preference)').matches) return;
    const rows = this.renderRoot.querySelector('.items')?.children;
    for (const i of this.#enter) rows?.[i]?.animate([{ opacity: 0, transform: 'translateY(6px)' }, {}], { duration: 250, easing: 'ease-out' });
    this.#enter = [];
  }

  #item(m: Message) {
    const tr = this.tr;
    const c = this.conversation;
    switch (m.kind) {
      case 'text':
        return html`<div part="message ${m.from}" aria-live=${m.from === 'customer' ? 'off' : nothing}>
          ${m.name ? html`<span part="sender">${m.name}</span>` : nothing}
          <div part="bubble"><span class="sr">${m.from === 'customer' ? tr.t('ui.you') : m.from === 'system' ? tr.t('ui.system') : (m.name ?? tr.t('ui.agent'))}: </span>${linkify(m.text)}</div>
          ${m.from === 'customer' && m.status !== 'sent'
            ? html`<span part="message-status" data-status=${m.status}
                >${m.status === 'failed'
                  ? html`${tr.t('ui.failed')}
                      <button part="retry" @click=${() => this.act('attune-retry', { id: m.id }, (cv) => cv.retry(m.id))}>${tr.t('ui.retry')}</button>`
                  : tr.t('ui.pending')}</span
              >`
            : nothing}
        </div>`;
      case 'echo':
        return html`<attune-echo exportparts=${echoParts} .echo=${m} .conversation=${c} .translator=${tr}></attune-echo>`;
      case 'choice':
        return html`<attune-option-picker exportparts=${pickerParts} .choice=${m} .conversation=${c} .translator=${tr}></attune-option-picker>`;
      case 'recap':
        return html`<attune-recap exportparts=${recapParts} .recap=${m} .conversation=${c} .translator=${tr}></attune-recap>`;
      case 'csat':
        return html`<attune-csat exportparts=${csatParts} .csat=${m} .conversation=${c} .translator=${tr}></attune-csat>`;
      case 'handoff':
        return html`<attune-handoff exportparts=${handoffParts} .handoff=${m} .conversation=${c} .translator=${tr}></attune-handoff>`;
    }
  }

  override render() {
    const tr = this.tr;
    const list = this.messages ?? this.#snapshot.value?.messages ?? [];
    const typing = this.messages ? this.typing : this.#snapshot.value?.typing;
    return html`${list.length ? nothing : html`<div part="empty"><slot name="empty">${tr.t('ui.empty')}</slot></div>`}
      <div
        part="log"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label=${tr.t('ui.transcriptLabel')}
        tabindex="0"
        @scroll=${(e: Event) => {
          const log = e.currentTarget as HTMLElement;
          this.#stick = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
          if (this.#stick && this.#behind) this.scrollToEnd();
        }}
      >
        <div class="items">${repeat(list, (m) => m.id, (m) => guard([m, this.tr, this.conversation], () => this.#item(m)))}</div>
      </div>
      <div role="status" class="typing-row">
        ${typing
          ? html`<div part="typing"><span class="dots" aria-hidden="true"><i></i><i></i><i></i></span><span class="sr">${tr.t('ui.typingAnonymous')}</span></div>`
          : nothing}
      </div>
      ${this.#behind ? html`<button part="new-messages" class="btn primary" @click=${() => this.scrollToEnd()}>${tr.t('ui.newMessages')} ${downIcon}</button>` : nothing}`;
  }
}
