/**
 * Compares two values one level deep: the same keys (or array items) holding
 * `Object.is`-equal values. Pass it to {@link useConversation} when a selector builds a
 * new object or array each time, so the component re-renders only when its contents change.
 *
 * @example
 * const pending = useConversation(conversation, (s) => s.messages.filter(isPending), shallowEqual);
 */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
