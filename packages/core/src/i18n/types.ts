import type { en } from './messages/en.js';

/** Plural forms keyed by `Intl.PluralRules` category; `other` is the required fallback. */
export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

/** One catalog value: a string, a list of variant phrasings, or plural forms. */
export type MessageValue = string | readonly string[] | PluralForms;

type Widen<TValue> = TValue extends string ? string : TValue extends readonly string[] ? readonly string[] : PluralForms;

/** The shape every complete catalog has: the `en` keys, each with a value of the same kind. */
export type Messages = { [TKey in keyof typeof en]: Widen<(typeof en)[TKey]> };

/** A built-in message key. */
export type MessageKey = keyof typeof en;

/** Values for `{name}` placeholders. */
export type Vars = Readonly<Record<string, string | number>>;

/** Options for {@link Translator.pick}. */
export interface PickOptions {
  /** Which phrasing to start from (taken modulo the number of variants). */
  variant?: number | undefined;
  /** Ids (`key#index`) already used in this conversation: the next unused one is chosen. */
  avoid?: ReadonlySet<string> | undefined;
  /** Placeholder values. */
  vars?: Vars | undefined;
}

/** A phrase chosen by {@link Translator.pick}; `id` is `${key}#${index}`. */
export interface Picked {
  id: string;
  text: string;
}

/** Per-string override: return a string (placeholders allowed) to replace the catalog entry. */
export type MessageOverride = (key: string, locale: string, vars: Vars) => string | undefined;

/** Options for `createTranslator`. */
export interface TranslatorOptions {
  /** BCP 47 tag; `_` is accepted and case is ignored. Default `'en'`. */
  locale?: string | undefined;
  /** Extra locales or patched strings, keyed by locale. They win over the built-in catalogs. */
  messages?: Record<string, Partial<Messages> & Record<string, MessageValue | undefined>>;
  /** Wins over every catalog, for one string at a time. */
  override?: MessageOverride;
}

/** Looks up, formats and varies the built-in phrases for one locale. */
export interface Translator {
  /** The requested locale, canonicalised (`es_mx` → `es-MX`). */
  readonly locale: string;
  /** Text direction of `locale`. */
  readonly dir: 'ltr' | 'rtl';
  /** The formatted message; variants give the first phrasing, plurals use `vars.count`. Unknown key → the key. */
  t(key: MessageKey | (string & {}), vars?: Vars): string;
  /** All phrasings of a key (one entry for plain strings, none for unknown keys). */
  variants(key: MessageKey | (string & {})): string[];
  /** A phrasing chosen by `variant`, skipping ids in `avoid` while an unused one exists. */
  pick(key: MessageKey | (string & {}), options?: PickOptions): Picked;
  /** The plural form for `count` (exposed to the template as `{count}`). */
  plural(key: MessageKey | (string & {}), count: number, vars?: Vars): string;
  /** Replaces `{name}` placeholders; unknown placeholders stay as written. */
  format(template: string, vars?: Vars): string;
}
