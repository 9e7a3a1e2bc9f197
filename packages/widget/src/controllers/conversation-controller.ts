import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { shallowEqual } from '@attune/core';
import type { Conversation, ConversationSnapshot } from '@attune/core';

/**
 * Subscribes a Lit element to a conversation: runs `select` on every snapshot and calls
 * `requestUpdate()` only when the selected slice changes (`equals`, shallow by default).
 * Subscribes in `hostConnected`, unsubscribes in `hostDisconnected`, and follows a
 * changed conversation (`source` is read again before every update).
 *
 * @example
 * #status = new ConversationController(this, () => this.conversation, (s) => s.status);
 * render() { return html`${this.#status.value}` }
 */
export class ConversationController<TSelected> implements ReactiveController {
  /** The selected slice (`undefined` while there is no conversation). */
  value: TSelected | undefined;
  #host: ReactiveControllerHost;
  #source: () => Conversation | undefined;
  #select: (snapshot: ConversationSnapshot) => TSelected;
  #equals: (a: unknown, b: unknown) => boolean;
  #current: Conversation | undefined;
  #off: (() => void) | undefined;
  #connected = false;

  constructor(
    host: ReactiveControllerHost,
    source: () => Conversation | undefined,
    select: (snapshot: ConversationSnapshot) => TSelected,
    equals: (a: unknown, b: unknown) => boolean = shallowEqual,
  ) {
    this.#host = host;
    this.#source = source;
    this.#select = select;
    this.#equals = equals;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  hostUpdate(): void {
    // An update may still run after disconnection: never subscribe then.
    if (this.#connected) this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#off?.();
    this.#off = this.#current = undefined;
  }

  #sync(): void {
    const next = this.#source();
    if (next === this.#current) return;
    this.#off?.();
    this.#current = next;
    this.#off = next?.subscribe(() => this.#read() && this.#host.requestUpdate());
    this.#read();
  }

  #read(): boolean {
    const next = this.#current ? this.#select(this.#current.getSnapshot()) : undefined;
    if (this.#equals(next, this.value)) return false;
    this.value = next;
    return true;
  }
}
