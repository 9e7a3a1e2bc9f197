import { html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { AttuneError, httpTransport, webSocketTransport, webStorage } from '@attune/core';
import type { AnalyticsEvent, Conversation, ConversationStatus, HandoffMessage, StorageOption, Transport } from '@attune/core';
import { OwnedConversationController } from '../../controllers/owned-conversation-controller.js';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { VisualViewportController } from '../../controllers/visual-viewport.js';
import { AttuneElement, toAttuneError } from '../../internal/attune-element.js';
import { pageScheme } from '../../internal/page-scheme.js';
import { incoming, UnreadCounter } from '../../internal/unread.js';
import { chatIcon, closeIcon } from '../../internal/icons.js';
import { composerParts, listParts } from '../../internal/parts.js';
import { theme } from '../../internal/theme.js';
import { styles } from './chat.styles.js';

const ENDED = new Set(['recap', 'csat']);

/**
 * The support chat: a launcher button that opens a panel (or the panel inline), with a
 * header (title and connection status in words), the transcript with its echoes, option
 * pickers, recaps, CSAT and handoff notices, a typing indicator and the composer.
 *
 * With no configuration it runs the built-in demo flow in the page (`localAgent()`).
 * `flow` loads a flow JSON, `endpoint` talks to a server.
 *
 * Errors go to the right audience. A flow that cannot be loaded, parsed (`flow/parse`,
 * with line and column) or validated (`flow/invalid`, every problem with its path) shows
 * the customer a calm "not available right now" line, while the developer gets the full
 * error in `attune-error` and the console. An `endpoint` that cannot be reached or refuses
 * shows a calm "we'll keep trying" line (messages stay queued), fires `attune-error`
 * (`transport/unreachable`, `transport/http`…) once per outage and warns in the console
 * with the cause.
 *
 * Its own direction (the locale's, or `dir`) places the launcher and the panel on any
 * page. `theme="auto"` follows the page's declared `color-scheme` (CSS or
 * `<meta name="color-scheme">`), then the OS. While the launcher panel is closed, agent
 * messages count as unread: a badge on the launcher and `attune-unread`. Or set `conversation` to a core `Conversation`
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
 * @slot empty - Shown while the transcript is empty (default: the catalog's greeting, so a server that has not spoken yet never leaves an empty panel).
 * @event attune-send - The customer sends a message: `{ text, id }`. Cancelable.
 * @event attune-stop - The customer stops a reply that is streaming in. Cancelable.
 * @event attune-echo-confirm - An echo was confirmed: `{ echoId }`. Cancelable.
 * @event attune-echo-correct - An echo was corrected: `{ echoId, text? }`. Cancelable.
 * @event attune-choose - An option was chosen: `{ pickerId, optionId, label }`. Cancelable.
 * @event attune-rate - CSAT given: `{ score, comment? }`. Cancelable.
 * @event attune-feedback - Thumbs on an agent line: `{ messageId, value, reason? }` (`value: null` cleared it); `feedback="off"` hides them. Cancelable.
 * @event attune-retry - A failed message is retried: `{ id }`. Cancelable.
 * @event attune-handoff - A person was offered, taken, or the handoff moved on: `{ state, reason? }`.
 * @event attune-recap - A closing recap was shown: `{ recap }`.
 * @event attune-error - Something failed: `{ error }` (an `AttuneError` with a `code`).
 * @event attune-open-change - The launcher panel opened or closed: `{ open }`.
 * @event attune-unread - Agent messages arrived while the panel was closed: `{ count }` (0 again once opened).
 * @csspart launcher - The floating button.
 * @csspart panel - The chat panel.
 * @csspart header - The header bar.
 * @csspart avatar - The header's avatar circle.
 * @csspart heading - The title.
 * @csspart status - The connection status line.
 * @csspart close - The header's close button.
 * @csspart transcript - The message list element.
 * @csspart footer - The area around the composer.
 * @csspart error - The "not available right now" notice (a flow that could not load or is invalid).
 * @csspart notice - The calm "we'll keep trying" line while the server cannot be reached.
 * @csspart badge - The unread count on the launcher.
 * @csspart reply-time - "We usually reply …" under the status.
 * @csspart new-conversation - "Start a new conversation", after the end.
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
    replyTime: { attribute: 'reply-time' },
    agentName: { attribute: 'agent-name' },
    agentAvatar: { attribute: 'agent-avatar' },
    feedback: {},
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
  /** `auto` (default: the page's declared `color-scheme`, then `prefers-color-scheme`), `light` or `dark`. */
  declare theme: 'auto' | 'light' | 'dark' | undefined;
  /** `off` shows agent text as plain text instead of markdown (default `on`). */
  declare markdown: 'on' | 'off' | undefined;
  /** Expected reply time, shown as "We usually reply {replyTime}", e.g. `within a few minutes`. */
  declare replyTime: string | undefined;
  /** The agent's name for messages that carry none (default: the catalog's `ui.agent`). */
  declare agentName: string | undefined;
  /** URL of the agent's avatar, shown beside their messages. */
  declare agentAvatar: string | undefined;
  /** `off` hides the thumbs up / down under agent and bot lines (default `on`). */
  declare feedback: 'on' | 'off' | undefined;
  // Why the element's own conversation could not start (e.g. an invalid flow).
  #failure: AttuneError | undefined;

  #owned = new OwnedConversationController(this);
  #config = '';
  #loading: AbortController | undefined;
  #bound: Conversation | undefined;
  #unbind: (() => void) | undefined;
  #touch = false;
  #state = new ConversationController(
    this,
    () => this.#conversation,
    (s) => ({
      status: s.status,
      error: s.error,
      incoming: incoming(s.messages),
      ended: s.status === 'closed' || ENDED.has(s.messages.at(-1)?.kind ?? ''),
    }),
  );
  #internals = this.attachInternals();
  #unread = new UnreadCounter();
  // The outage already reported (attune-error + console), so a long one is reported once.
  #outage: AttuneError | undefined;
  // Errors already fired as attune-error (from the conversation's analytics).
  #emitted = new WeakSet<AttuneError>();

  constructor() {
    super();
    this.mode = 'launcher';
    this.open = false;
    this.flow = this.endpoint = this.transport = this.storage = this.heading = this.theme = this.markdown = this.feedback = undefined;
    this.replyTime = this.agentName = this.agentAvatar = undefined;
    // The phone panel follows the on-screen keyboard.
    this.addController(new VisualViewportController(() => this.renderRoot.querySelector<HTMLElement>('[part=panel]')));
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
    return this.conversation ?? this.#owned.conversation;
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
    const target = open
      ? this.#touch
        ? this.renderRoot.querySelector<HTMLElement>('[part=close]')
        : this.#composer
      : this.renderRoot.querySelector<HTMLElement>('[part=launcher]');
    target?.focus({ preventScroll: true });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ensure();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The owned conversation is kept through a move in the DOM (see the controller); a
    // flow still loading is abandoned once the element is really gone.
    queueMicrotask(() => {
      if (this.isConnected || !this.#loading) return;
      this.#loading.abort();
      this.#loading = undefined;
      this.#config = '';
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('conversation') && this.conversation) || (this.#config && this.#config !== this.#key())) this.#drop();
    this.#ensure();
    const state = this.#state.value;
    if (this.#unread.update(this.#conversation, state?.incoming ?? 0, this.mode === 'inline' || this.open)) {
      const count = this.#unread.count;
      queueMicrotask(() => this.emit('attune-unread', { count }));
    }
    this.#reportOutage(state?.status, state?.error ?? null);
    this.#setStates();
  }

  /** Direction and colour scheme as custom states, which the styles turn into `direction` and `color-scheme`. */
  #setStates(): void {
    const states = this.#internals.states;
    const dir = this.dir === 'rtl' || this.dir === 'ltr' ? this.dir : this.tr.dir;
    const scheme = this.theme === 'light' || this.theme === 'dark' ? this.theme : pageScheme(this);
    for (const [state, on] of [
      ['rtl', dir === 'rtl'],
      ['ltr', dir === 'ltr'],
      ['light', scheme === 'light'],
      ['dark', scheme === 'dark'],
    ] as const) {
      // Only real changes: touching a custom state restyles the whole widget, rows included.
      if (on === states.has(state)) continue;
      if (on) states.add(state);
      else states.delete(state);
    }
  }

  /** An unreachable or refusing server: one `attune-error` and one console warning per outage. */
  #reportOutage(status: ConversationStatus | undefined, error: AttuneError | null): void {
    if (status === 'open') this.#outage = undefined;
    if (status !== 'offline' || !error || this.#outage) return;
    this.#outage = error;
    console.warn(
      `<attune-chat> cannot reach ${this.endpoint ?? 'its server'} (${error.code}): ${error.message}. It keeps retrying; messages stay queued.`,
      error.cause ?? error,
    );
    if (this.#emitted.has(error)) return;
    this.#emitted.add(error);
    queueMicrotask(() => this.emit('attune-error', { error }));
  }

  /** Throws the ended conversation away and starts a fresh one (only one the element created). */
  #restart(): void {
    const storage = this.storage;
    // Forget the resume id, so a reload does not bring the ended conversation back.
    if (storage === 'session' || storage === 'local') void webStorage(storage).remove(`attune:chat:${this.id || this.#config}`);
    this.#drop();
    void this.updateComplete.then(() => this.#composer?.focus({ preventScroll: true }));
  }

  #key(): string {
    return [this.flow, this.endpoint, this.transport, this.storage].join('|');
  }

  #ensure(): void {
    if (!this.isConnected) return;
    if (!this.conversation && !this.#owned.conversation && !this.#loading && !this.#failure) {
      this.#config = this.#key();
      const { flow, endpoint } = this;
      if (endpoint) this.#create(this.transport === 'websocket' ? webSocketTransport({ url: endpoint }) : httpTransport({ url: endpoint }));
      else if (flow) {
        const loading = (this.#loading = new AbortController());
        // The flow loader, the flow engine and the agent load only for a page that runs a flow in it.
        Promise.all([import('../../internal/load-flow.js').then(({ loadFlowJson }) => loadFlowJson(flow, loading.signal)), import('@attune/core/agent')])
          .then(([json, agent]) => {
            if (loading.signal.aborted) return;
            this.#loading = undefined;
            this.#create(agent.localAgent(agent.defineFlow(json as Parameters<typeof agent.defineFlow>[0])));
          })
          .catch((error: unknown) => {
            if (loading.signal.aborted) return;
            this.#loading = undefined;
            this.#fail(error instanceof AttuneError ? error : new AttuneError('flow/load', `Could not load the flow ${flow}`, { cause: error }));
          });
      } else this.#create(undefined);
    }
    this.#bind();
  }

  /** With no `transport`, core loads the in-page agent on demand. */
  #create(transport: Transport | undefined): void {
    const storage = this.storage as StorageOption | undefined;
    // A stored conversation resumes after a reload: its id is kept next to it.
    const ids = storage === 'session' || storage === 'local' ? webStorage(storage) : undefined;
    const key = `attune:chat:${this.id || this.#config}`;
    const stored = ids?.get(key);
    try {
      const conversation = this.#owned.own({
        ...(transport && { transport }),
        storage,
        locale: this.tr.locale,
        ...(typeof stored === 'string' && { id: stored }),
      });
      // A failed write only costs resuming after a reload (webStorage reports it and falls back).
      void ids?.set(key, conversation.id);
    } catch (error) {
      this.#fail(toAttuneError(error));
    }
    this.#bind();
    this.requestUpdate();
  }

  /** The chat cannot start: a calm line for the customer, everything for the developer. */
  #fail(error: AttuneError): void {
    this.#failure = error;
    console.error(`<attune-chat> could not start (${error.code}):\n${error.message}`, error);
    this.emit('attune-error', { error });
    this.requestUpdate();
  }

  #drop(): void {
    this.#loading?.abort();
    this.#owned.release();
    this.#loading = this.#failure = this.#outage = undefined;
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
      else if (e.type === 'handoffChanged') this.emit('attune-handoff', e.reason ? { state: e.state, reason: e.reason } : { state: e.state });
      else if (e.type === 'recapShown') {
        const recap = find(e.recapId);
        if (recap?.kind === 'recap') this.emit('attune-recap', { recap });
      } else if (e.type === 'error') {
        this.#emitted.add(e.error);
        this.emit('attune-error', { error: e.error });
      }
    });
  }

  override render() {
    const tr = this.tr;
    const c = this.#conversation;
    const launcher = this.mode !== 'inline';
    const heading = this.heading || tr.t('ui.heading');
    const state = this.#state.value;
    const status: ConversationStatus = this.#failure ? 'idle' : (state?.status ?? 'connecting');
    const words = status === 'idle' ? '' : tr.t(`ui.status.${status}`);
    const rtl = this.dir || (tr.dir === 'rtl' ? 'rtl' : nothing);
    const unread = this.#unread.count;
    const openLabel = tr.t('ui.launcherOpen');
    const launcherLabel = this.open ? tr.t('ui.launcherClose') : unread ? `${openLabel} (${tr.plural('ui.unread', unread)})` : openLabel;
    // Only a conversation the element created can be replaced by a new one.
    const canRestart = Boolean(!this.conversation && this.#owned.conversation && state?.ended);
    return html`${
        launcher
          ? html`<button
                part="launcher"
                aria-expanded=${this.open ? 'true' : 'false'}
                aria-controls="panel"
                aria-label=${launcherLabel}
                @click=${() => this.toggle()}
              >
                ${this.open ? closeIcon : chatIcon}
              </button>
              ${
                unread && !this.open
                  ? // Outside the button: the count is already in its name, and a name must contain what a button shows.
                    html`<span part="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>`
                  : nothing
              }`
          : nothing
      }
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
            ${this.replyTime && !this.#failure ? html`<p part="reply-time">${tr.t('ui.replyTime', { time: this.replyTime })}</p>` : nothing}
          </div>
          ${launcher ? html`<button part="close" aria-label=${tr.t('ui.launcherClose')} @click=${() => this.toggle(false)}>${closeIcon}</button>` : nothing}
        </header>
        ${
          this.#failure
            ? html`<div part="error" role="alert" data-code=${this.#failure.code}>${tr.t('ui.unavailable')}</div>`
            : html`<attune-message-list
                part="transcript"
                exportparts=${listParts}
                .conversation=${c}
                .translator=${tr}
                .agentName=${this.agentName}
                .agentAvatar=${this.agentAvatar}
                markdown=${this.markdown ?? 'on'}
                feedback=${this.feedback ?? 'on'}
                ><slot name="empty" slot="empty">${tr.t('ui.empty')}</slot></attune-message-list
              >`
        }
        ${status === 'offline' && state?.error ? html`<p part="notice" role="status">${tr.t('ui.retrying')}</p>` : nothing}
        ${canRestart ? html`<button part="new-conversation" class="btn" @click=${() => this.#restart()}>${tr.t('ui.newConversation')}</button>` : nothing}
        <div part="footer">
          <attune-composer exportparts=${composerParts} .conversation=${c} .translator=${tr} ?disabled=${!c}></attune-composer>
        </div>
      </section>`;
  }
}
