import { createTranslator } from '../i18n/index.js';
import type { PhraseSource } from './props.types.js';

let fallback: PhraseSource | undefined;

/** The English translator, created on first use when a caller passes none. */
export function defaultTranslator(): PhraseSource {
  return (fallback ??= createTranslator());
}
