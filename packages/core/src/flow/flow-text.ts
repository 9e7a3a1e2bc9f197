import type { FlowText } from './flow.types.js';

/**
 * Picks the text for `locale` (`es-MX` → `es-MX`, `es`, then `fallback`, `en`, the
 * first) and fills `{field}` placeholders from `vars`.
 * @example resolveText({ en: 'Order {order}', es: 'Pedido {order}' }, 'es-MX', { order: '123' }) // 'Pedido 123'
 */
export function resolveText(text: FlowText, locale: string, vars: Readonly<Record<string, string>> = {}, fallback = 'en'): string {
  let s: string | undefined;
  if (typeof text === 'string') s = text;
  else for (const tag of [locale, locale.split('-')[0] ?? locale, fallback, 'en']) s ??= text[tag];
  return (s ?? Object.values(text)[0] ?? '').replace(/\{(\w+)\}/g, (all, k: string) => vars[k] ?? all);
}
