import { html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { AttuneError, createConversation, defineFlow, httpTransport, localAgent, webSocketTransport } from '@attune/core';
import type { AnalyticsEvent, Conversation, ConversationStatus, HandoffMessage, StorageOption, Transport } from '@attune/core';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement, toAttuneError } from '../../internal/attune-element.js';
import { chatIcon, closeIcon } from '../../internal/icons.js';
import { latest } from '../../internal/latest.js';
import { composerParts, listParts } from '../../internal/parts.js';
import { theme } from '../../internal/theme.js';
import { styles } from './chat.styles.js';

const lastHandoff = latest('handoff');

/**
 * The support chat: a launcher button that opens a panel (or the panel inline), with a
 * header (title and connection status in words), the transcript with its echoes, option
 * pickers, recaps, CSAT and handoff notices, a typing indicator and the composer.
 *
 * With no configuration it runs the built-in demo flow in the page (`localAgent()`).
 * `flow` loads a flow JSON (an invalid one shows its problems, with their paths, in the
 * panel), `endpoint` talks to a server. Or set `conversation` to a core `Conversation`
 * you own: it is used as-is and never disposed by the element. A conversation the element
 * creates itself starts when it is connected and is disposed when it is removed.
 *
 * Actions bubble up from the parts as cancelable events (`preventDefault()` on
 * `attune-send` keeps the message from being sent). Focus: Escape closes the launcher
 * panel and returns focus to the launcher; after a choice, an echo answer or a CSAT
 * comment, focus goes back to the composer with `preventScroll` — except after a touch
 * tap, so a phone's keyboard does not pop up on its own.
 *
 * @summary Customer-support chat widget.
 * @tag attune-chat
 * @slot header - Replaces the title in the header.
 * @slot avatar - The brand image in the header (default: a chat icon).
 * @slot empty - Shown while the transcript is empty.
 * @event attune-send - The customer sends a message: `{ text, id }`. Cancelable.
 * @event attune-stop - The customer stops a reply that is streaming in. Cancelable.
 * @event attune-echo-confirm - An echo was confirmed: `{ echoId }`. Cancelable.
 * @event attune-echo-correct - An echo was corrected: `{ echoId, text? }`. Cancelable.
 * @event attune-choose - An option was chosen: `{ pickerId, optionId, label }`. Cancelable.
 * @event attune-rate - CSAT given: `{ score, comment? }`. Cancelable.
 * @event attune-retry - A failed message is retried: `{ id }`. Cancelable.
 * @event attune-handoff - A person was offered, taken, or the handoff moved on: `{ state, reason? }`.
 * @event attune-recap - A closing recap was shown: `{ recap }`.
 * @event attune-error - Something failed: `{ error }` (an `AttuneError` with a `code`).
 * @event attune-open-change - The launcher panel opened or closed: `{ open }`.
 * @csspart launcher - The floating button.
 * @csspart panel - The chat panel.
 * @csspart header - The header bar.
 * @csspart avatar - The header's avatar circle.
 * @csspart heading - The title.
 * @csspart status - The connection status line.
 * @csspart close - The header's close button.
 * @csspart transcript - The message list element.
 * @csspart footer - The area around the composer.
 * @csspart error - The "couldn't start" notice (invalid flow).
 * @cssproperty --attune-accent - Brand colour: launcher, header, customer bubbles, buttons.
 * @cssproperty --attune-on-accent - Text on the accent colour.
 * @cssproperty --attune-surface - Panel background.
 * @cssproperty --attune-surface-alt - Agent bubbles and cards.
 * @cssproperty --attune-text - Text colour.
 * @cssproperty --attune-text-muted - Secondary text.
 * @cssproperty --attune-border - Lines and outlines.
 * @cssproperty --attune-link - Links and option text.
 * @cssproperty --attune-success - Solved recap, confirmations.
 * @cssproperty --attune-warning - Unsolved recap.
 * @cssproperty --attune-danger - Errors.
 * @cssproperty --attune-star - Selected CSAT stars.
 * @cssproperty --attune-radius - Bubble and card radius.
 * @cssproperty --attune-panel-radius - Panel radius.
 * @cssproperty --attune-spacing - Inner spacing.
 * @cssproperty --attune-font - Font family.
 * @cssproperty --attune-z-index - Stacking order of the launcher and panel.
 * @cssproperty --attune-launcher-size - Diameter of the launcher button.
 * @cssproperty --attune-offset - Distance of the launcher from the viewport corner.
 * @cssproperty --attune-panel-width - Width of the panel.
 * @cssproperty --attune-panel-height - Height of the panel.
 * @cssproperty --attune-shadow - Shadow of the launcher and panel.
 */
export class AttuneChat extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = {
    mode: { reflect: true },
    open: { type: Boolean, reflect: true },
    flow: {},
    endpoint: {},
    transport: {},
    storage: {},
    heading: {},
    theme: { reflect: true },
    markdown: {},
  };

  /** `launcher` (a floating button that opens the panel, default) or `inline`. */
  declare mode: 'launcher' | 'inline';
  /** Whether the launcher panel is open. */
  declare open: boolean;
  /** URL of a flow JSON to run in the page (ignored when `endpoint` is set). */
  declare flow: string | undefined;
  /** Base URL of a server speaking the Attune wire protocol. */
  declare endpoint: string | undefined;
  /** How to reach `endpoint`: `http` (POST + Server-Sent Events, default) or `websocket`. */
  declare transport: 'http' | 'websocket' | undefined;
  /** Where the element's own conversation is kept: `memory` (default), `session` or `local` (resumes after a reload). */
  declare storage: 'memory' | 'session' | 'local' | undefined;
  /** Title in the header (default: the catalog's `ui.heading`). */
  declare heading: string | undefined;
  /** `auto` (follows `prefers-color-scheme`, default), `light` or `dark`. */
  declare theme: 'auto' | 'light' | 'dark' | undefined;
  /** `off` shows agent text as plain text instead of markdown (default `on`). */
  declare markdown: 'on' | 'off' | undefined;
  // Why the element's own conversation could not start (e.g. an invalid flow).
  #failure: AttuneError | undefined;

  #own: Conversation | undefined;
  #config = '';
  #loading: AbortController | undefined;
  #bound: Conversation | undefined;
  #unbind: (() => void) | undefined;
  #handoff: HandoffMessage | undefined;
  #touch = false;
  #state = new ConversationController(this, () => this.#conversation, (s) => ({ status: s.status, handoff: lastHandoff(s) }));

  constructor() {
    super();
    this.mode = 'launcher';
    this.open = false;
    this.flow = this.endpoint = this.transport = this.storage = this.heading = this.theme = this.markdown = undefined;
    this.addEventListener('pointerdown', (e) => (this.#touch = e.pointerType === 'touch'));
    this.addEventListener('keydown', () => (this.#touch = false));
    const refocus = (e: Event) =>
      queueMicrotask(() => {
        if (!e.defaultPrevented && !this.#touch) this.#composer?.focus({ preventScroll: true });
      });
    for (const type of ['attune-choose', 'attune-echo-confirm', 'attune-echo-correct'] as const) this.addEventListener(type, refocus);
    this.addEventListener('attune-rate', (e) => e.detail.comment && refocus(e));
  }

  get #conversation(): Conversation | undefined {
    return this.conversation ?? this.#own;
  }

  get #composer(): HTMLElement | null {
    return this.renderRoot.querySelector('attune-composer');
  }

  /** Opens or closes the launcher panel (fires `attune-open-change`), then moves focus into it or back to the launcher. */
  async toggle(open = !this.open): Promise<void> {
    if (open === this.open) return;
    this.open = open;
    this.emit('attune-open-change', { open });
    await this.updateComplete;
    const target = open ? (this.#touch ? this.renderRoot.querySelector<HTMLElement>('[part=close]') : this.#composer) : this.renderRoot.querySelector<HTMLElement>('[part=launcher]');
    target?.focus({ preventScroll: true });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ensure();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move in the DOM (disconnect + connect in one task) keeps the conversation.
    queueMicrotask(() => this.isConnected || this.#drop());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('conversation') && this.conversation) || (this.#config && this.#config !== this.#key())) this.#drop();
    this.#ensure();
  }

  protected override updated(): void {
    const h = this.#state.value?.handoff;
    if (h && h !== this.#handoff && (h.id !== this.#handoff?.id || h.state !== this.#handoff.state) && h.state !== 'offered') {
      this.emit('attune-handoff', h.reason ? { state: h.state, reason: h.reason } : { state: h.state });
    }
    this.#handoff = h;
  }

  #key(): string {
    return [this.flow, this.endpoint, this.transport, this.storage].join('|');
  }

  #ensure(): void {
    if (!this.isConnected) return;
    if (!this.conversation && !this.#own && !this.#loading && !this.#failure) {
      this.#config = this.#key();
      const { flow, endpoint } = this;
      if (endpoint) this.#create(this.transport === 'websocket' ? webSocketTransport({ url: endpoint }) : httpTransport({ url: endpoint }));
      else if (flow) {
        const loading = (this.#loading = new AbortController());
        fetch(flow, { signal: loading.signal })
          .then((res) => {
            if (!res.ok) throw new AttuneError('flow/load', `Could not load the flow ${flow}: HTTP ${res.status}`);
            return res.json() as Promise<unknown>;
          })
          .then(
            (json) => {
              if (loading.signal.aborted) return;
              this.#loading = undefined;
              this.#create(localAgent(defineFlow(json as Parameters<typeof defineFlow>[0])));
            },
          )
          .catch((error: unknown) => {
            if (loading.signal.aborted) return;
            this.#loading = undefined;
            this.#failure = error instanceof AttuneError ? error : new AttuneError('flow/load', `Could not load the flow ${flow}`, { cause: error });
            this.emit('attune-error', { error: this.#failure });
            this.requestUpdate();
          });
      } else this.#create(localAgent());
    }
    this.#bind();
  }

  #create(transport: Transport): void {
    const storage = this.storage as StorageOption | undefined;
    // A stored conversation resumes after a reload: remember its id next to it.
    let store: Storage | undefined;
    try {
      store = storage === 'session' ? sessionStorage : storage === 'local' ? localStorage : undefined;
    } catch {
      store = undefined;
    }
    const key = `attune:chat:${this.id || this.#config}`;
    let resume: string | undefined;
    try {
      resume = store?.getItem(key) ?? undefined;
    } catch {
      resume = undefined;
    }
    try {
      this.#own = createConversation({ transport, storage, locale: this.tr.locale, id: resume });
    } catch (error) {
      this.#failure = toAttuneError(error);
      this.emit('attune-error', { error: this.#failure });
    }
    try {
      if (this.#own) store?.setItem(key, this.#own.id);
    } catch {
      // Storage that throws on write (quota, privacy mode) only costs resuming after a reload;
      // the conversation itself already fell back to memory and reported a warning.
    }
    this.#bind();
    this.requestUpdate();
  }

  #drop(): void {
    this.#loading?.abort();
    this.#own?.dispose();
    this.#own = this.#loading = this.#failure = undefined;
    this.#config = '';
    this.#bind();
    this.requestUpdate();
  }

  /** Re-emits the conversation's analytics that hosts care about as DOM events. */
  #bind(): void {
    const c = this.isConnected ? this.#conversation : undefined;
    if (c === this.#bound) return;
    this.#unbind?.();
    this.#bound = c;
    this.#unbind = c?.on('*', (e: AnalyticsEvent) => {
      const find = (id?: string) => c.getSnapshot().messages.find((m) => m.id === id);
      if (e.type === 'handoffOffered') {
        const reason = e.reason ?? (find(e.messageId) as { reason?: HandoffMessage['reason'] } | undefined)?.reason;
        this.emit('attune-handoff', reason ? { state: 'offered', reason } : { state: 'offered' });
      } else if (e.type === 'handoffTaken') this.emit('attune-handoff', { state: 'taken' });
      else if (e.type === 'recapShown') {
        const recap = find(e.recapId);
        if (recap?.kind === 'recap') this.emit('attune-recap', { recap });
      } else if (e.type === 'error') this.emit('attune-error', { error: e.error });
    });
  }

  override render() {
    const tr = this.tr;
    const c = this.#conversation;
    const launcher = this.mode !== 'inline';
    const heading = this.heading || tr.t('ui.heading');
    const status: ConversationStatus = this.#failure ? 'idle' : (this.#state.value?.status ?? 'connecting');
    const words = status === 'idle' ? '' : tr.t(`ui.status.${status}`);
    const rtl = this.dir || (tr.dir === 'rtl' ? 'rtl' : nothing);
    return html`${launcher
        ? html`<button
            part="launcher"
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="panel"
            aria-label=${tr.t(this.open ? 'ui.launcherClose' : 'ui.launcherOpen')}
            @click=${() => this.toggle()}
          >
            ${this.open ? closeIcon : chatIcon}
          </button>`
        : nothing}
      <section
        part="panel"
        id="panel"
        role=${launcher ? 'dialog' : 'region'}
        aria-label=${heading}
        lang=${tr.locale}
        dir=${rtl}
        ?hidden=${launcher && !this.open}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape' && launcher && !e.defaultPrevented) {
            e.preventDefault();
            void this.toggle(false);
          }
        }}
      >
        <header part="header">
          <span part="avatar"><slot name="avatar">${chatIcon}</slot></span>
          <div class="titles">
            <slot name="header"><h2 part="heading">${heading}</h2></slot>
            <p part="status" role="status" data-status=${status}>${words}</p>
          </div>
          ${launcher ? html`<button part="close" aria-label=${tr.t('ui.launcherClose')} @click=${() => this.toggle(false)}>${closeIcon}</button>` : nothing}
        </header>
        ${this.#failure
          ? html`<div part="error" role="alert" data-code=${this.#failure.code}>${tr.t('ui.flowError', { message: this.#failure.message })}</div>`
          : html`<attune-message-list part="transcript" exportparts=${listParts} .conversation=${c} .translator=${tr} markdown=${this.markdown ?? 'on'}
              ><slot name="empty" slot="empty"></slot
            ></attune-message-list>`}
        <div part="footer">
          <attune-composer exportparts=${composerParts} .conversation=${c} .translator=${tr} ?disabled=${!c}></attune-composer>
        </div>
      </section>`;
  }
}
