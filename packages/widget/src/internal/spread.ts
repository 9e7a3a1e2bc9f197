import { nothing } from 'lit';
import { Directive, PartType, directive } from 'lit/directive.js';
import type { ElementPart, PartInfo } from 'lit/directive.js';

/** A React-shaped prop object from a core `connect()` getter. */
export type Props = object;
type Handler = ((event: Event) => void) | undefined;

// React spells a few attributes differently; `onChange` fires on every keystroke there.
const names: Record<string, string> = { tabIndex: 'tabindex', htmlFor: 'for', className: 'class' };

class SpreadDirective extends Directive {
  #prev: Record<string, unknown> = {};
  #handlers = new Map<string, Handler>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('spread() goes on an element');
  }

  render(_props: Props) {
    return nothing;
  }

  override update(part: ElementPart, [props]: [Props]) {
    const el = part.element as HTMLElement & { value?: string };
    const next = props as Record<string, unknown>;
    for (const key in this.#prev) if (!(key in next)) this.#set(el, key, undefined);
    for (const key in next) if (next[key] !== this.#prev[key]) this.#set(el, key, next[key]);
    this.#prev = next;
    return nothing;
  }

  #set(el: HTMLElement & { value?: string }, key: string, value: unknown) {
    if (/^on[A-Z]/.test(key)) {
      let type = key.slice(2).toLowerCase();
      if (type === 'change') type = 'input';
      // One stable listener per event type that calls the latest handler: the getters
      // return new closures on every render.
      if (!this.#handlers.has(type)) el.addEventListener(type, (event) => this.#handlers.get(type)?.(event));
      this.#handlers.set(type, value as Handler);
    } else if (key === 'value') {
      if (el.value !== value) el.value = (value as string | undefined) ?? '';
    } else {
      const name = names[key] ?? key;
      if (value == null || (value === false && !name.startsWith('aria-'))) el.removeAttribute(name);
      // Prop-getters only hand out primitives for attributes.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      else el.setAttribute(name, value === true && !name.startsWith('aria-') ? '' : String(value));
    }
  }
}

/**
 * Applies a core `connect()` prop object (`role`, `id`, `tabIndex`, `aria-*`, `data-*`,
 * `disabled`, `type`, `onClick`, `onKeyDown`, `onFocus`, `onChange`…) to the element it
 * sits on, so the Lit and React renderers share one keyboard and ARIA model.
 * @example html`<button ${spread(api.getOptionProps(option))}>${option.label}</button>`
 */
export const spread = directive(SpreadDirective);
