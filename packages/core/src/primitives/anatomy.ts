/**
 * The anatomy of each primitive, Zag.js style: the parts its `connect()` prop getters name
 * in `data-part`. Adapters map these names to their own styling hooks (the widget's `part`
 * names) from this one list, so a part added here is a type error in every adapter until
 * it is named there.
 *
 * @example
 * const parts = { root: 'card', heading: 'title', section: 'row' } satisfies Record<AnatomyPart<typeof closingRecapAnatomy>, string>;
 */
export const optionPickerAnatomy = ['root', 'label', 'option', 'option-description'] as const;
export const echoAnatomy = ['root', 'text', 'confirm', 'correct', 'correction-input', 'correction-submit'] as const;
export const closingRecapAnatomy = ['root', 'heading', 'section'] as const;
export const csatAnatomy = ['root', 'prompt', 'score', 'comment', 'submit'] as const;

/** One part name of an anatomy: `AnatomyPart<typeof csatAnatomy>` is `'root' | 'prompt' | …`. */
export type AnatomyPart<TAnatomy extends readonly string[]> = TAnatomy[number];
