import type { ReactiveController } from 'lit';

/**
 * Keeps `--_vv-height` and `--_vv-top` on an element in step with the visual viewport:
 * the part of the page the on-screen keyboard leaves visible on phones (the layout
 * viewport does not shrink for it on iOS). The phone layout of the panel sizes itself by
 * them; elsewhere they are unused.
 */
export class VisualViewportController implements ReactiveController {
  #target: () => HTMLElement | null;
  #sync = (): void => {
    const vv = globalThis.visualViewport;
    const el = this.#target();
    if (!vv || !el) return;
    el.style.setProperty('--_vv-height', `${String(vv.height)}px`);
    el.style.setProperty('--_vv-top', `${String(vv.offsetTop)}px`);
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
    this.#sync();
  }

  hostDisconnected(): void {
    globalThis.visualViewport?.removeEventListener('resize', this.#sync);
    globalThis.visualViewport?.removeEventListener('scroll', this.#sync);
  }
}
