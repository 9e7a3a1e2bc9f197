import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createConversationOwner } from '@attune/core';
import type { Conversation, ConversationOptions, ConversationOwner } from '@attune/core';

/**
 * Owns the conversation an element creates for itself, through core's
 * `createConversationOwner` (the same helper as `useChat`): attached while the host is
 * connected, kept through a move in the DOM (disconnect and connect in one task),
 * disposed after a real removal and revived with the same id and storage if the host
 * comes back.
 */
export class OwnedConversationController implements ReactiveController {
  #host: ReactiveControllerHost & { readonly isConnected: boolean };
  #owner: ConversationOwner | undefined;

  constructor(host: ReactiveControllerHost & { readonly isConnected: boolean }) {
    this.#host = host;
    host.addController(this);
  }

  get conversation(): Conversation | undefined {
    return this.#owner?.conversation;
  }

  /** Creates and owns a conversation from `options`, disposing the one before. */
  own(options: ConversationOptions): Conversation {
    this.release();
    const owner = (this.#owner = createConversationOwner(options));
    if (this.#host.isConnected) owner.attach();
    this.#host.requestUpdate();
    return owner.conversation;
  }

  /** Disposes the owned conversation for good (e.g. the configuration changed). */
  release(): void {
    this.#owner?.dispose();
    this.#owner = undefined;
  }

  hostConnected(): void {
    if (this.#owner?.attach()) this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#owner?.detach();
  }
}
