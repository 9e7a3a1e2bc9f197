/** Registers `tag` unless it already is (the bundle loaded twice, or two versions). */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
