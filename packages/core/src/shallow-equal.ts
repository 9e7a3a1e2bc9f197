/**
 * Compares two values one level deep: the same own keys (or array items) holding
 * `Object.is`-equal values. The adapters use it to re-render only when a selected
 * slice's contents change (a selector that builds a new object or array each time).
 *
 * @example
 * shallowEqual({ a: 1, b: list }, { a: 1, b: list }) // true
 * shallowEqual([1, 2], { 0: 1, 1: 2 }) // false: an array never equals a plain object
 */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
