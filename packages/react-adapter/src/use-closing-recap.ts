'use client';
import { useId, useMemo } from 'react';
import { connectRecap } from '@attune/core';
import type { RecapApi, RecapData } from '@attune/core';
import type { PrimitiveHookOptions } from './use-paraphrase-echo.js';

/**
 * Sections and prop getters of a closing recap: a labelled region with the status
 * (solved, or the impact), what was understood, what was done, the next step (who does
 * what, by when) and the care line. It has no actions, so it needs no conversation.
 *
 * @example
 * function Recap({ recap }: { recap: RecapMessage }) {
 *   const r = useClosingRecap(recap);
 *   return (
 *     <section {...r.getRootProps()}>
 *       <h3 {...r.getHeadingProps()}>{r.heading}</h3>
 *       {r.sections.map((s) => (
 *         <div key={s.name} {...r.getSectionProps(s.name)}>{s.label && <strong>{s.label}</strong>}{s.lines.map((l) => <p key={l}>{l}</p>)}</div>
 *       ))}
 *     </section>
 *   );
 * }
 */
export function useClosingRecap(recap: RecapData & { id?: string }, options: PrimitiveHookOptions = {}): RecapApi {
  const id = useId();
  const idPrefix = options.idPrefix ?? `${id}-`;
  const { translator } = options;
  return useMemo(() => connectRecap(recap, { idPrefix, ...(translator && { translator }) }), [recap, idPrefix, translator]);
}
