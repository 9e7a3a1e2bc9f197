import type { ReactiveController } from 'lit';

/**
 * Keeps `--_vv-height` and `--_vv-top` on an element in step with the visual viewport:
 * the part of the page the on-screen keyboard leaves visible on phones (the layout
 * viewport does not shrink for it on iOS). The phone layout of the panel sizes itself by
 * them; elsewhere they are unused.
 */
export class VisualViewportController implements ReactiveController {
  #target: () => HTMLElement | null;
  // The element and values last written: an update of the host changes neither, so it writes
  // nothing (reading the viewport forces a layout, and a new custom-property value restyles the panel).
  #el: HTMLElement | null = null;
  #height = '';
  #top = '';
  #sync = (): void => {
    const vv = globalThis.visualViewport;
    const el = this.#target();
    this.#el = el;
    if (!vv || !el) return;
    const height = `${String(vv.height)}px`;
    const top = `${String(vv.offsetTop)}px`;
    if (height !== this.#height) el.style.setProperty('--_vv-height', (this.#height = height));
    if (top !== this.#top) el.style.setProperty('--_vv-top', (this.#top = top));
  };

  /** Add it with `host.addController(…)`; `target` is read again after every update. */
  constructor(target: () => HTMLElement | null) {
    this.#target = target;
  }

  hostConnected(): void {
    globalThis.visualViewport?.addEventListener('resize', this.#sync);
    globalThis.visualViewport?.addEventListener('scroll', this.#sync);
  }

  hostUpdated(): void {
    // The viewport's own events keep the values current; an update only matters when it
    // rendered a different element to write them on.
    const el = this.#target();
    if (el === this.#el) return;
    this.#height = this.#top = '';
    this.#sync();
  }

  hostDisconnected(): void {
    globalThis.visualViewport?.removeEventListener('resize', this.#sync);
    globalThis.visualViewport?.removeEventListener('scroll', this.#sync);
    this.#el = null;
  }
}
