import { en } from './messages/en.js';
import { es } from './messages/es.js';
import type { Messages, MessageValue, PickOptions, Picked, PluralForms, Translator, TranslatorOptions, Vars } from './types.js';

type Catalog = Readonly<Record<string, MessageValue | undefined>>;

// en and es ship in the default bundle; other catalogs (ar, he, your own) are added by
// registerMessages, so a page pays only for the languages it imports.
const builtIn: Record<string, Catalog> = { en, es };

/**
 * Makes a catalog available to every translator created afterwards (and to the widget's
 * `locale` attribute), e.g. one of the opt-in catalogs. A complete catalog is typed as
 * `Messages`; a partial one falls back to English key by key.
 * @example
 * import { ar } from '@attune/core/i18n/ar';
 * registerMessages('ar', ar);
 */
export function registerMessages(locale: string, catalog: Partial<Messages> & Record<string, MessageValue | undefined>): void {
  builtIn[locale.toLowerCase().replace(/_/g, '-')] = catalog;
}

/**
 * Replaces `{name}` placeholders with `vars[name]`. Unknown placeholders are kept so a
 * missing value is visible in the UI instead of silently vanishing.
 * @example format('{name} has joined.', { name: 'Ana' }) // 'Ana has joined.'
 */
export function format(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (vars[name] == null ? whole : String(vars[name])));
}

/**
 * `'rtl'` for right-to-left languages and scripts (ar, he, fa, ur, …, or an `-Arab` /
 * `-Hebr` script subtag), otherwise `'ltr'`.
 */
export function detectDirection(locale: string): 'ltr' | 'rtl' {
  const tag = locale.toLowerCase().replace(/_/g, '-');
  if (/-(arab|hebr|thaa|syrc|nkoo|adlm|rohg|mand)\b/.test(tag)) return 'rtl';
  if (/-(latn|cyrl)\b/.test(tag)) return 'ltr';
  return /^(ar|arc|ckb|dv|fa|he|iw|ks|ps|sd|syr|ug|ur|yi)(-|$)/.test(tag) ? 'rtl' : 'ltr';
}

function canonical(locale: string): string {
  const tag = locale.replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? tag;
  } catch {
    // An invalid tag still works for lookups; it just is not canonicalised.
    return tag;
  }
}

/**
 * Creates a translator for one locale. Lookup order for a key: the `override` hook,
 * then for each locale in the chain (`es-MX` → `es` → `en`) the user's `messages`
 * before the built-in catalog. A key found nowhere comes back as itself — never
 * `undefined`, never a throw — so a typo shows up on screen rather than crashing.
 * @example
 * const tr = createTranslator({ locale: 'es_MX' });
 * tr.t('handoff.connected', { name: 'Ana' }); // 'Ana se ha unido.'
 * tr.plural('csat.scoreLabel', 1);            // '1 estrella'
 */
export function createTranslator(options: TranslatorOptions = {}): Translator {
  const locale = canonical(options.locale || 'en');
  const user: Record<string, Catalog> = {};
  for (const [tag, catalog] of Object.entries(options.messages ?? {})) {
    user[tag.toLowerCase().replace(/_/g, '-')] = catalog;
  }
  // 'zh-Hant-TW' → zh-hant-tw, zh-hant, zh, en
  const chain: string[] = [];
  const parts = locale.toLowerCase().split('-');
  for (let n = parts.length; n > 0; n--) chain.push(parts.slice(0, n).join('-'));
  if (!chain.includes('en')) chain.push('en');

  const lookup = (key: string): MessageValue | undefined => {
    for (const tag of chain) {
      const value = user[tag]?.[key] ?? builtIn[tag]?.[key];
      if (value != null) return value;
    }
    return undefined;
  };
  const override = (key: string, vars: Vars): string | undefined => options.override?.(key, locale, vars) ?? undefined;

  let rules: Intl.PluralRules | undefined;
  const category = (count: number): Intl.LDMLPluralRule => {
    if (!rules) {
      try {
        rules = new Intl.PluralRules(locale);
      } catch {
        rules = new Intl.PluralRules('en');
      }
    }
    return rules.select(count);
  };

  const variants = (key: string): string[] => {
    const value = lookup(key);
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return [...(value as readonly string[])];
    if (value) return [(value as PluralForms).other];
    return [];
  };

  const plural = (key: string, count: number, vars: Vars = {}): string => {
    const all = { ...vars, count };
    const custom = override(key, all);
    if (custom != null) return format(custom, all);
    const value = lookup(key);
    if (value == null) return key;
    if (typeof value === 'string' || Array.isArray(value)) return format(variants(key)[0] ?? key, all);
    const forms = value as PluralForms;
    // Exact zero/one forms first (a catalog may say "No stars"), then the CLDR category.
    const form = (count === 0 && forms.zero) || forms[category(count)] || forms.other;
    return format(form, all);
  };

  const t = (key: string, vars: Vars = {}): string => {
    const value = lookup(key);
    if (value != null && typeof value === 'object' && !Array.isArray(value) && typeof vars.count === 'number') {
      return plural(key, vars.count, vars);
    }
    const custom = override(key, vars);
    if (custom != null) return format(custom, vars);
    return format(variants(key)[0] ?? key, vars);
  };

  const pick = (key: string, { variant = 0, avoid, vars = {} }: PickOptions = {}): Picked => {
    const list = variants(key);
    const size = list.length || 1;
    let index = ((Math.trunc(variant) % size) + size) % size;
    // Walk forward from the requested variant to the first id not used yet; when all
    // have been used, repetition is unavoidable and the requested one is kept.
    for (let step = 0; avoid && step < size; step++) {
      const candidate = (index + step) % size;
      if (!avoid.has(`${key}#${candidate}`)) {
        index = candidate;
        break;
      }
    }
    const custom = override(key, vars);
    return { id: `${key}#${index}`, text: format(custom ?? list[index] ?? key, vars) };
  };

  return { locale, dir: detectDirection(locale), t, variants, pick, plural, format };
}
