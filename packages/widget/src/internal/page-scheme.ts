/**
 * The colour scheme the host page declares for the element's surroundings: its
 * `color-scheme` property (inherited, so the nearest declaration wins), else
 * `<meta name="color-scheme">`. `undefined` when the page declares none, or both light and
 * dark (then the operating system decides).
 */
export function pageScheme(el: Element): 'light' | 'dark' | undefined {
  const root = el.getRootNode();
  const parent = el.parentElement ?? (root instanceof ShadowRoot ? root.host : null) ?? el.ownerDocument.documentElement;
  const pick = (value: string | null | undefined): 'light' | 'dark' | undefined => {
    const words = (value ?? '').toLowerCase().split(/\s+/);
    const light = words.includes('light');
    const dark = words.includes('dark');
    if (light === dark) return undefined;
    return light ? 'light' : 'dark';
  };
  const declared = getComputedStyle(parent).colorScheme;
  if (declared && declared !== 'normal') return pick(declared);
  return pick(el.ownerDocument.querySelector('meta[name="color-scheme"]')?.getAttribute('content'));
}
