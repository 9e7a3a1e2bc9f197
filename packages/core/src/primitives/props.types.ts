import type { Translator } from '../i18n/index.js';

/**
 * The part of a keyboard event the prop getters read. React's `KeyboardEvent` and the
 * DOM's both fit, so adapters pass their events straight through.
 */
export interface KeyEventLike {
  key: string;
  preventDefault(): void;
}

/** `data-*` attributes every prop getter sets (`data-part` names the anatomy part). */
export type DataAttributes = Partial<Record<`data-${string}`, string>>;

/** The phrases a primitive reads (an `@attune/core` translator fits). */
export type PhraseSource = Pick<Translator, 't' | 'plural' | 'pick' | 'format' | 'locale' | 'dir'>;
