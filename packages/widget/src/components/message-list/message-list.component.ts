import { html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
import { openPrompts } from '@attune/core';
import type { Message, OpenPrompts, TextMessage } from '@attune/core';
import { ConversationController } from '../../controllers/conversation-controller.js';
import { AttuneElement } from '../../internal/attune-element.js';
import { downIcon } from '../../internal/icons.js';
import { linkify } from '../../internal/linkify.js';
import { requireElement } from '../../internal/lazy-elements.js';
import { renderPlain } from '../../internal/plain.js';
import type * as MarkdownRenderer from '../../internal/markdown.js';
import { csatParts, echoParts, handoffParts, pickerParts, recapParts } from '../../internal/parts.js';
import { theme } from '../../internal/theme.js';
import { closesGroup, opensGroup, timeFormat } from '../../internal/time.js';
import type { TimeFormat } from '../../internal/time.js';
import { styles } from './message-list.styles.js';
import { renderFeedback } from '../feedback/render-feedback.js';

type MarkdownModule = typeof MarkdownRenderer;

// Anything that markdown would render differently from plain text with links.
const MARKDOWN_SYNTAX = /[*_`[\]#>~\\]|^\s*(?:[-+]|\d{1,9}[.)])\s|<(?:https?|mailto):/mu;

/**
 * The transcript: a `role="log"` live region that announces each new message once, as a
 * whole (messages are appended as complete nodes; the typing indicator sits outside the
 * log). The customer's own messages carry `aria-live="off"`: they stay readable in the
 * transcript but are not read back right after they were typed. Echoes, pickers, recaps,
 * CSAT and handoff notices render with their own elements, keyed by message id so
 * appending one message leaves the others alone. It sticks to the bottom while the reader
 * is there; otherwise a "New messages" button appears. Agent and system text renders as
 * safe markdown built as DOM (`markdown="off"` for plain text); links are made only from
 * `http(s)`/`mailto` URLs and always show their real destination. A streaming reply shows a
 * caret, is `aria-busy` and silent while it grows, and is announced once when it ends.
 *
 * Give it a `conversation`, or plain `messages` (and `typing`).
 *
 * @summary Transcript.
 * @tag attune-message-list
 * @slot empty - Shown while there are no messages (default: a greeting from the catalog).
 * @event attune-retry - The customer retries a failed message: `{ id }`. Cancelable.
 * @event attune-feedback - The customer rated an agent line (thumbs, optional reason): `{ messageId, value, reason? }`. Cancelable.
 * @csspart log - The scrolling `role="log"` region.
 * @csspart message - Each text message row, also `customer`, `agent` or `system`.
 * @csspart bubble - The bubble of a text message.
 * @csspart sender - An agent's display name (first message of a group).
 * @csspart agent-avatar - The agent's avatar next to the first message of a group: the `agent-avatar` image, else initials.
 * @csspart time - The time under the last message of a group (relative while recent; the full date and time in `title`).
 * @csspart link - A link in a message (it always shows where it goes).
 * @csspart code - Inline code in a message; `code-block` a fenced code block.
 * @csspart caret - The typing caret at the end of a reply that is still streaming.
 * @csspart show-more - Shows a message's very long words whole.
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
// Messages are immutable: each one's key is worked out once, so re-rendering a chunk reads
// no message it does not render.
const keys = new WeakMap<Message, string>();
const key = (m: Message): string => {
  let k = keys.get(m);
  if (k === undefined) keys.set(m, (k = m.kind === 'text' && m.streaming ? `${m.id}\u0000streaming` : m.id));
  return k;
};

const PROMPT_TAGS = { echo: 'attune-echo', choice: 'attune-option-picker', recap: 'attune-recap', csat: 'attune-csat', handoff: 'attune-handoff' } as const;

/**
 * Rows per chunk. The transcript renders in chunks of this many rows; a chunk whose rows
 * did not change is skipped by Lit as a whole (one `guard` per chunk), so an append, or a
 * frame of a streaming reply, renders the last chunk's changed row and walks no other row.
 */
const CHUNK = 32;
// What decides how a row looks, per row: the message, whether it opens its group, its time
// label, and whether its prompt is closed.
const ROW_FIELDS = 4;

interface Chunk {
  /** ROW_FIELDS values per row, as last rendered. */
  seen: unknown[];
  /** Bumped whenever a row of the chunk changes; the chunk's guard watches it. */
  version: number;
  /** The list-wide inputs' version the chunk was last rendered with. */
  epoch: number;
  /** What else its rows' values were derived from: the neighbours, the minute, the open prompts. */
  before: Message | undefined;
  after: Message | undefined;
  minute: number;
  open: OpenPrompts;
}

export class AttuneMessageList extends AttuneElement {
  static override styles = [theme, styles];
  static override properties = {
    messages: { attribute: false },
    typing: { type: Boolean },
    markdown: { reflect: true },
    agentName: { attribute: 'agent-name' },
    agentAvatar: { attribute: 'agent-avatar' },
    feedback: { reflect: true },
  };

  /** Messages to show instead of a conversation's. */
  declare messages: readonly Message[] | undefined;
  /** Shows the typing indicator (with plain `messages`). */
  declare typing: boolean;
  /**
   * `off` shows agent and system text as plain text with links, like the customer's
   * (also off when the conversation was created with `markdown: false`).
   */
  declare markdown: 'on' | 'off';
  // The markdown parser and renderer, loaded the first time a message needs them.
  #md: { module: MarkdownModule; cache: InstanceType<MarkdownModule['MarkdownCache']> } | undefined;
  #mdLoading = false;
  // Messages whose long words the reader asked to see whole.
  #expanded = new Set<string>();
  /** Name shown for agent messages that carry none (default: the catalog's `ui.agent`). */
  declare agentName: string | undefined;
  /** URL of the agent's avatar image, shown next to each group of agent messages. */
  declare agentAvatar: string | undefined;
  /** `off` hides the thumbs up / down under agent and bot lines (default `on`). */
  declare feedback: 'on' | 'off';
  #times: TimeFormat | undefined;
  #timesFor = '';
  // Relative times ("5 min ago") age: re-render once a minute while connected.
  #clock: ReturnType<typeof setInterval> | undefined;
  #snapshot = new ConversationController(
    this,
    () => (this.messages ? undefined : this.conversation),
    (s) => ({ messages: s.messages, typing: s.typing }),
  );
  #stick = true;
  #count = 0;
  #last: Message | undefined;
  // Newer messages arrived while the reader was scrolled up.
  #behind = false;
  #resize = new ResizeObserver(() => this.#stick && this.scrollToEnd());
  // Ids already on screen, and the positions of the few new rows to animate in: a
  // restored transcript or a burst appears at once, only a live message or two slides in.
  #seen = new Set<string>();
  #enter: number[] = [];
  #previous: readonly Message[] = [];
  #known = 0;
  #chunks: Chunk[] = [];
  // Inputs every row depends on (translator, conversation, names, markdown…) and their version.
  #shared: unknown[] = [];
  #epoch = 0;

  constructor() {
    super();
    this.messages = undefined;
    this.typing = false;
    this.markdown = 'on';
    this.feedback = 'on';
    this.agentName = this.agentAvatar = undefined;
  }

  get #log(): HTMLElement | null {
    return this.renderRoot.querySelector('[part=log]');
  }

  /** Scrolls the transcript (not the page) to the newest message. */
  scrollToEnd(): void {
    const log = this.#log;
    if (log) {
      const before = log.scrollTop;
      log.scrollTop = log.scrollHeight;
      // A scroll event follows only if it moved.
      this.#ownScroll ||= log.scrollTop !== before;
    }
    // Re-render only to hide the jump button: called from the ResizeObserver, a needless
    // update would resize what it observes again in the same frame.
    if (this.#behind) {
      this.#behind = false;
      this.requestUpdate();
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the DOM after a move: observe again, as Lit's ResizeController does (the
    // first time, the list does not exist yet and firstUpdated observes it).
    const items = this.renderRoot.querySelector('.items');
    if (items) this.#resize.observe(items);
    this.#clock ??= setInterval(() => this.requestUpdate(), 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    clearInterval(this.#clock);
    this.#clock = undefined;
  }

  protected override firstUpdated(): void {
    const items = this.renderRoot.querySelector('.items');
    if (!items) return;
    this.#resize.observe(items);
    // Acts only on the rows' buttons, which the keyboard activates as clicks.
    items.addEventListener('click', this.#onClick);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const list = this.messages ?? this.#snapshot.value?.messages ?? [];
    const count = list.length;
    // New messages, or a reply streaming in, while the reader is scrolled up: offer the jump.
    const last = list[count - 1];
    const grew = last !== this.#last && last?.kind === 'text' && last.streaming === true;
    if ((count > this.#count || grew) && !this.#stick) this.#behind = true;
    this.#count = count;
    this.#last = last;
    const first = this.#seen.size === 0;
    const fresh: number[] = [];
    // Rows before the first changed one were seen last time: look at the rest only.
    let from = 0;
    const known = Math.min(this.#known, count);
    while (from < known && list[from] === this.#previous[from]) from++;
    for (let i = from; i < count; i++) {
      const m = list[i];
      if (m && !this.#seen.has(m.id)) {
        this.#seen.add(m.id);
        fresh.push(i);
      }
    }
    this.#previous = list;
    this.#known = count;
    this.#enter = !first && fresh.length <= 3 ? fresh : [];
  }

  protected override updated(): void {
    // matchMedia is missing in some embedded webviews and test DOMs, whatever lib.dom says.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (!this.#enter.length || !globalThis.matchMedia?.('(prefers-reduced-motion: no-preference)').matches) return;
    const rows = this.renderRoot.querySelector('.items')?.children;
    for (const i of this.#enter) rows?.[i]?.animate([{ opacity: 0, transform: 'translateY(6px)' }, {}], { duration: 250, easing: 'ease-out' });
    this.#enter = [];
  }

  /**
   * A text bubble's content: markdown for agent and system text, plain text with links for
   * the customer's; long words cut with "Show more"; a caret while the reply streams.
   */
  #body(m: TextMessage) {
    const full = this.#expanded.has(m.id);
    const md =
      m.from !== 'customer' && this.markdown !== 'off' && this.conversation?.markdown !== false && (this.#md !== undefined || this.#needsMarkdown(m.text));
    const { content, cut } =
      md && this.#md ? this.#md.module.renderMarkdown(this.#md.cache.get(m.id, m.text, m.streaming === true), full) : renderPlain(m.text, linkify, full);
    if (m.streaming) return html`${content}<span part="caret" aria-hidden="true"></span>`;
    // The common case, a settled message with nothing cut, adds no template of its own.
    return cut ? html`${content}<button part="show-more" class="link" data-id=${m.id}>${this.tr.t('ui.showMore')}</button>` : content;
  }

  /** True when `text` holds markdown; starts loading the renderer (once) if it is not there yet. */
  #needsMarkdown(text: string): boolean {
    if (!MARKDOWN_SYNTAX.test(text)) return false;
    if (!this.#mdLoading) {
      this.#mdLoading = true;
      import('../../internal/markdown.js').then(
        (module) => {
          this.#md = { module, cache: new module.MarkdownCache() };
          this.requestUpdate();
        },
        // Offline, or the chunk is missing: messages stay plain text with links.
        () => undefined,
      );
    }
    return true;
  }

  /** Sender name and avatar above the first message of an agent group. */
  #from(name: string) {
    // "Sam (demo agent)" is "S", not "S(": asides in brackets and words that start with
    // punctuation give no initial.
    const initials = name
      .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
      .trim()
      .split(/\s+/)
      .filter((word) => /^[\p{L}\p{N}]/u.test(word))
      .slice(0, 2)
      .map((word) => Array.from(word)[0] ?? '')
      .join('');
    return html`<div class="from">
      <span part="agent-avatar" aria-hidden="true">${this.agentAvatar ? html`<img src=${this.agentAvatar} alt="" />` : initials}</span>
      <span part="sender">${name}</span>
    </div>`;
  }

  #item(m: Message, first: boolean, time: string, open: OpenPrompts) {
    // A finished reply the guardrails emptied (it was only an extra apology): no empty bubble.
    if (m.kind === 'text' && m.rawText !== undefined && !m.text && !m.streaming) return nothing;
    const tr = this.tr;
    const c = this.conversation;
    const agentName = m.kind === 'text' && m.from === 'agent' ? (m.name ?? this.agentName ?? tr.t('ui.agent')) : '';
    const stamp = time ? html`<time part="time" datetime=${new Date(m.at).toISOString()} title=${this.#format().full(m.at)}>${time}</time>` : nothing;
    if (m.kind !== 'text') requireElement(PROMPT_TAGS[m.kind]);
    switch (m.kind) {
      case 'text':
        // A streaming reply is silent (and its bubble busy) until it ends; then `key` gives
        // the finished message a new row, which the log announces once, whole.
        return html`<div part="message ${m.from}" aria-live=${m.from === 'customer' || m.streaming ? 'off' : nothing}>
          ${agentName && first && (m.name || this.agentName || this.agentAvatar) ? this.#from(agentName) : nothing}
          <div part="bubble" dir="auto" aria-busy=${m.streaming ? 'true' : nothing}>
            <span class="sr">${m.from === 'customer' ? tr.t('ui.you') : m.from === 'system' ? tr.t('ui.system') : agentName}: </span>${this.#body(m)}
          </div>
          ${
            m.from === 'customer' && m.status !== 'sent'
              ? html`<span part="message-status" data-status=${m.status}
                  >${
                    m.status === 'failed' ? html`${tr.t('ui.failed')} <button part="retry" data-id=${m.id}>${tr.t('ui.retry')}</button>` : tr.t('ui.pending')
                  }</span
                >`
              : stamp
          }
          ${renderFeedback(m, this)}
        </div>`;
      case 'echo':
        return html`<attune-echo
          exportparts=${echoParts}
          .echo=${m}
          .conversation=${c}
          .translator=${tr}
          ?closed=${m.state === 'proposed' && open.echo !== m}
        ></attune-echo>`;
      case 'choice':
        return html`<attune-option-picker
          exportparts=${pickerParts}
          .choice=${m}
          .conversation=${c}
          .translator=${tr}
          ?closed=${m.chosen === undefined && open.choice !== m}
        ></attune-option-picker>`;
      case 'recap':
        return html`<attune-recap exportparts=${recapParts} .recap=${m} .conversation=${c} .translator=${tr}></attune-recap>`;
      case 'csat':
        return html`<attune-csat exportparts=${csatParts} .csat=${m} .conversation=${c} .translator=${tr}></attune-csat>`;
      case 'handoff':
        return html`<attune-handoff exportparts=${handoffParts} .handoff=${m} .conversation=${c} .translator=${tr}></attune-handoff>`;
    }
  }

  #format(): TimeFormat {
    const key = `${this.tr.locale}|${this.tr.t('ui.justNow')}`;
    if (!this.#times || this.#timesFor !== key) {
      this.#times = timeFormat(this.tr.locale, this.tr.t('ui.justNow'));
      this.#timesFor = key;
    }
    return this.#times;
  }

  /**
   * One listener for the whole transcript (no closure per row): a row's buttons carry the
   * message id. Events from the nested prompt elements are retargeted to their host and
   * never match here.
   */
  #onClick = (e: Event): void => {
    const button = e.target instanceof Element ? e.target.closest<HTMLElement>('button[data-id]') : null;
    const id = button?.dataset.id;
    if (id === undefined) return;
    if (button?.part.contains('retry')) this.act('attune-retry', { id }, (cv) => cv.retry(id));
    else if (button?.part.contains('show-more')) {
      this.#expanded.add(id);
      this.#epoch++;
      this.requestUpdate();
    }
  };

  // scrollToEnd moved the log: the scroll event that follows is ours and says the reader is
  // at the end, without reading the layout (by then the next append has usually invalidated
  // it, and reading scrollHeight or scrollTop would force it early).
  #ownScroll = false;

  #onScroll = (e: Event): void => {
    const log = e.currentTarget as HTMLElement;
    if (this.#ownScroll) {
      this.#ownScroll = false;
      this.#stick = true;
      return;
    }
    this.#stick = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    if (this.#stick && this.#behind) this.scrollToEnd();
  };

  /**
   * The transcript in chunks of {@link CHUNK} rows. Per render this compares a few values
   * per row (no template, no allocation); Lit re-renders only chunks where one differs, and
   * inside such a chunk only the rows whose own guard changed.
   */
  #rows(list: readonly Message[]) {
    const tr = this.tr;
    const shared = [tr, this.conversation, this.agentName, this.agentAvatar, this.markdown, this.feedback, this.#md];
    if (shared.length !== this.#shared.length || shared.some((v, i) => v !== this.#shared[i])) {
      this.#shared = shared;
      this.#epoch++;
    }
    const open = openPrompts(list);
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    const format = this.#format();
    const count = Math.ceil(list.length / CHUNK);
    this.#chunks.length = Math.min(this.#chunks.length, count);
    const timeOf = (m: Message, i: number): string => (m.kind === 'text' && Number.isFinite(m.at) && closesGroup(list, i) ? format.short(m.at, now) : '');
    const closedOf = (m: Message): boolean =>
      (m.kind === 'choice' && m.chosen === undefined && open.choice !== m) || (m.kind === 'echo' && m.state === 'proposed' && open.echo !== m);
    const chunks = [];
    for (let c = 0; c < count; c++) {
      const chunk = (this.#chunks[c] ??= { seen: [], version: 0, epoch: -1, before: undefined, after: undefined, minute: -1, open: {} });
      const start = c * CHUNK;
      const end = Math.min(list.length, start + CHUNK);
      const seen = chunk.seen;
      const rows = seen.length / ROW_FIELDS;
      // A row can only look different when its message, a neighbour, the clock's minute, the
      // open prompts or the list-wide inputs changed. Settled history fails none of these
      // identity checks, so none of its messages is even read.
      const same = chunk.epoch === this.#epoch && chunk.minute === minute && chunk.open.choice === open.choice && chunk.open.echo === open.echo;
      let changed = chunk.epoch !== this.#epoch || rows !== end - start;
      let previousSame = chunk.before === list[start - 1];
      for (let i = start; i < end; i++) {
        const m = list[i];
        if (!m) continue;
        const j = i - start;
        const at = j * ROW_FIELDS;
        const next = j + 1 < rows ? seen[at + ROW_FIELDS] : j + 1 === rows ? chunk.after : undefined;
        const mine = j < rows && seen[at] === m;
        if (same && mine && previousSame && next === list[i + 1]) {
          previousSame = true;
          continue;
        }
        previousSame = mine;
        const first = opensGroup(list, i);
        const time = timeOf(m, i);
        const closed = closedOf(m);
        if (!mine || seen[at + 1] !== first || seen[at + 2] !== time || seen[at + 3] !== closed) {
          seen[at] = m;
          seen[at + 1] = first;
          seen[at + 2] = time;
          seen[at + 3] = closed;
          changed = true;
        }
      }
      Object.assign(chunk, { before: list[start - 1], after: list[end], minute, open });
      seen.length = (end - start) * ROW_FIELDS;
      if (changed) {
        chunk.version++;
        chunk.epoch = this.#epoch;
      }
      // Only what changes a row is in its guard: a re-rendered chunk re-renders the rows
      // that changed (the new one, the one whose group grew), not its neighbours.
      const epoch = this.#epoch;
      chunks.push(
        guard([chunk.version], () =>
          repeat(list.slice(start, end), key, (m, j) => {
            const first = seen[j * ROW_FIELDS + 1] === true;
            const time = seen[j * ROW_FIELDS + 2] as string;
            return guard([m, epoch, first, time, seen[j * ROW_FIELDS + 3]], () => this.#item(m, first, time, open));
          }),
        ),
      );
    }
    return chunks;
  }

  override render() {
    const tr = this.tr;
    const list = this.messages ?? this.#snapshot.value?.messages ?? [];
    const typing = this.messages ? this.typing : this.#snapshot.value?.typing;
    return html`${list.length ? nothing : html`<div part="empty"><slot name="empty">${tr.t('ui.empty')}</slot></div>`}
      <div part="log" role="log" aria-live="polite" aria-relevant="additions" aria-label=${tr.t('ui.transcriptLabel')} tabindex="0" @scroll=${this.#onScroll}>
        <div class="items">${this.#rows(list)}</div>
      </div>
      <div role="status" class="typing-row">
        ${
          typing
            ? html`<div part="typing">
                <span class="dots" aria-hidden="true"><i></i><i></i><i></i></span><span class="sr">${tr.t('ui.typingAnonymous')}</span>
              </div>`
            : nothing
        }
      </div>
      ${this.#behind ? html`<button part="new-messages" class="btn primary" @click=${() => this.scrollToEnd()}>${tr.t('ui.newMessages')} ${downIcon}</button>` : nothing}`;
  }
}
