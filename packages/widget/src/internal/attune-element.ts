import { LitElement } from 'lit';
import type { PropertyDeclarations } from 'lit';
import { AttuneError, createTranslator, isAttuneError } from '@attune/core';
import type { Conversation, Translator } from '@attune/core';
import type { AttuneEventDetailMap, AttuneEventName } from '../events.js';

/** Wraps anything thrown into an `AttuneError` (core throws them already; this covers the rest). */
export function toAttuneError(error: unknown): AttuneError {
  return isAttuneError(error) ? error : new AttuneError('config/invalid', String((error as Partial<Error> | null)?.message ?? error), { cause: error });
}

/**
 * Base of every Attune element: the `conversation`, `locale` and `translator` they all
 * take, a typed `emit()` and `act()`, which fires a cancelable event and then performs
 * the conversation action unless a listener called `preventDefault()`.
 */
export class AttuneElement extends LitElement {
  static override properties: PropertyDeclarations = {
    conversation: { attribute: false },
    locale: { reflect: true },
    translator: { attribute: false },
  };

  /** A core `Conversation`: when set, the element reads from it and performs the customer's actions on it. */
  declare conversation: Conversation | undefined;
  /** BCP 47 locale of the built-in strings (default: the nearest `lang`, then `en`). */
  declare locale: string | undefined;
  /** A core translator to use instead of one built from `locale` (e.g. with `override`). */
  declare translator: Translator | undefined;

  #tr?: Translator;

  /** The translator in use. */
  get tr(): Translator {
    if (this.translator) return this.translator;
    const locale = this.locale || this.closest('[lang]')?.getAttribute('lang') || 'en';
    if (this.#tr?.locale !== locale) this.#tr = createTranslator({ locale });
    return this.#tr;
  }

  /** Dispatches a typed Attune event (bubbling, composed); returns false when it was cancelled. */
  emit<TName extends AttuneEventName>(name: TName, detail: AttuneEventDetailMap[TName], cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, cancelable, detail }));
  }

  /**
   * Fires a cancelable event, then runs `action` on the conversation (if there is one)
   * unless a listener cancelled it. A throw becomes an `attune-error` event.
   */
  act<TName extends AttuneEventName>(name: TName, detail: AttuneEventDetailMap[TName], action: (conversation: Conversation) => void): boolean {
    if (!this.emit(name, detail, true)) return false;
    try {
      if (this.conversation) action(this.conversation);
      return true;
    } catch (error) {
      this.emit('attune-error', { error: toAttuneError(error) });
      return false;
    }
  }
}
