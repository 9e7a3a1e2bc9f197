// Where the prompt elements (<attune-echo>, <attune-option-picker>, <attune-recap>,
// <attune-csat>, <attune-handoff>) come from when they are not registered up front: the
// self-contained attune-widget.js leaves them out of its first load and registers a loader
// here; the package entry defines them eagerly and registers none.
let load: (() => Promise<unknown>) | undefined;
let loading: Promise<unknown> | undefined;

/** Sets how to fetch the prompt elements' definitions on demand (the script-tag bundle does). */
export function setPromptLoader(loader: () => Promise<unknown>): void {
  load = loader;
}

/**
 * Makes sure `tag` is (or will soon be) defined: loads the prompt elements the first time
 * a transcript needs one. Until then the element is an unknown tag whose properties Lit
 * has already set; it upgrades in place when its definition arrives.
 */
export function requireElement(tag: string): void {
  if (load === undefined || loading !== undefined || customElements.get(tag)) return;
  loading = load().catch((cause: unknown) => {
    // Offline, or the chunk is missing: try again on the next message that needs it.
    loading = undefined;
    console.warn('[attune] could not load the prompt elements', cause);
  });
}
