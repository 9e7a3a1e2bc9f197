import type { AnatomyPart, closingRecapAnatomy } from '../anatomy.js';
import type { NextStep, RecapData } from '../../types.js';
import { defaultTranslator } from '../default-translator.js';
import type { DataAttributes, PhraseSource } from '../props.types.js';

type RecapPart = AnatomyPart<typeof closingRecapAnatomy>;

/** The parts of a recap, in reading order. */
export type RecapSectionName = 'status' | 'understood' | 'done' | 'nextStep' | 'care';

/** One section: a translated label and its lines. */
export interface RecapSection {
  name: RecapSectionName;
  /** Empty for the sections that need no heading (`status`, `care`). */
  label: string;
  lines: readonly string[];
}

/** What {@link connectRecap} returns. */
export interface RecapApi {
  heading: string;
  resolved: boolean;
  nextStep: NextStep;
  /** Sections to render; `done` is left out when nothing was done. */
  sections: readonly RecapSection[];
  getRootProps(): DataAttributes & { id: string; role: 'region'; 'aria-labelledby': string };
  getHeadingProps(): DataAttributes & { id: string };
  /** Sections are plain containers: render `label` as visible text (a `div` may not carry `aria-label`). */
  getSectionProps(name: RecapSectionName): DataAttributes & { id: string };
}

/**
 * Sections and props for a closing recap: a labelled region with the status (solved or
 * the impact line), what was understood, what was done, the next step and the care line.
 * @example const api = connectRecap(recap, { translator });
 */
export function connectRecap(recap: RecapData & { id?: string }, ctx: { idPrefix?: string; translator?: PhraseSource } = {}): RecapApi {
  const tr = ctx.translator ?? defaultTranslator();
  const base = `${ctx.idPrefix ?? 'attune-'}${recap.id ?? 'recap'}`;
  const { who, what, when } = recap.nextStep;
  const sections: RecapSection[] = [
    { name: 'status', label: '', lines: [recap.resolved ? tr.t('recap.resolved') : (recap.impact ?? tr.t('recap.unresolved'))] },
    { name: 'understood', label: tr.t('recap.understood'), lines: [recap.understood] },
    { name: 'done', label: tr.t('recap.done'), lines: recap.done },
    { name: 'nextStep', label: tr.t('recap.nextStep'), lines: [`${who}: ${what}`, ...(when ? [`${tr.t('recap.when')}: ${when}`] : [])] },
    { name: 'care', label: '', lines: [recap.care] },
  ];
  return {
    heading: tr.t('recap.heading'),
    resolved: recap.resolved,
    nextStep: recap.nextStep,
    sections: sections.filter((s) => s.lines.length),
    getRootProps: () => ({
      id: base,
      role: 'region',
      'aria-labelledby': `${base}-heading`,
      'data-part': 'root' satisfies RecapPart,
      'data-state': recap.resolved ? 'resolved' : 'unresolved',
    }),
    getHeadingProps: () => ({ id: `${base}-heading`, 'data-part': 'heading' satisfies RecapPart }),
    getSectionProps: (name) => ({ id: `${base}-${name}`, 'data-part': 'section' satisfies RecapPart, 'data-section': name }),
  };
}
