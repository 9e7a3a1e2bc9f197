import type { AnatomyPart, echoAnatomy } from '../anatomy.js';
import type { EchoMessage, EchoState } from '../../types.js';
import { defaultTranslator } from '../default-translator.js';
import type { DataAttributes, KeyEventLike, PhraseSource } from '../props.types.js';

type EchoPart = AnatomyPart<typeof echoAnatomy>;

/** Context an adapter passes to {@link connectEcho}. */
export interface EchoContext {
  onConfirm(): void;
  /** The customer's correction; `text` is omitted when they only said "not quite". */
  onCorrect(text?: string): void;
  /** True while the correction field is open (the adapter keeps this state). */
  correcting?: boolean;
  onCorrectingChange?(correcting: boolean): void;
  /** Current text of the correction field, when the adapter controls it. */
  draft?: string;
  onDraftChange?(text: string): void;
  translator?: PhraseSource;
  idPrefix?: string;
}

type ButtonProps = DataAttributes & { id: string; type: 'button'; disabled: boolean; onClick(): void };

/** What {@link connectEcho} returns. */
export interface EchoApi {
  state: EchoState;
  /** True once confirmed or corrected: the buttons are disabled. */
  settled: boolean;
  correcting: boolean;
  confirm(): void;
  correct(text?: string): void;
  startCorrection(): void;
  cancelCorrection(): void;
  labels: { confirm: string; correct: string; correctionPrompt: string; correctionPlaceholder: string };
  getRootProps(): DataAttributes & { id: string; role: 'group'; 'aria-labelledby': string };
  getTextProps(): DataAttributes & { id: string };
  getConfirmProps(): ButtonProps;
  getCorrectProps(): ButtonProps & { 'aria-expanded': boolean; 'aria-controls': string };
  getCorrectionInputProps(): DataAttributes & {
    id: string;
    'aria-label': string;
    placeholder: string;
    disabled: boolean;
    value?: string;
    onChange(event: { target: { value: string } }): void;
    onKeyDown(event: KeyEventLike): void;
  };
  getCorrectionSubmitProps(): ButtonProps;
}

/**
 * Props and actions for a paraphrase echo ("It sounds like… — did I get that right?")
 * with a confirm and a correct button and an optional correction field. Enter in the
 * field sends the draft, Escape closes it.
 * @example
 * const api = connectEcho(echo, { onConfirm: () => c.confirmEcho(echo.id), onCorrect: (t) => c.correctEcho(echo.id, t) });
 */
export function connectEcho(echo: Pick<EchoMessage, 'id' | 'state'>, ctx: EchoContext): EchoApi {
  const tr = ctx.translator ?? defaultTranslator();
  const base = `${ctx.idPrefix ?? 'attune-'}${echo.id}`;
  const settled = echo.state !== 'proposed';
  const correcting = !settled && !!ctx.correcting;
  const setCorrecting = (v: boolean) => ctx.onCorrectingChange?.(v);
  const correct = (text?: string) => {
    if (settled) return;
    const clean = text?.trim();
    setCorrecting(false);
    ctx.onCorrect(clean || undefined);
  };
  const submit = () => correct(ctx.draft);
  const labels = {
    confirm: tr.t('echo.confirm'),
    correct: tr.t('echo.correct'),
    correctionPrompt: tr.t('echo.correctionPrompt'),
    correctionPlaceholder: tr.t('echo.correctionPlaceholder'),
  };
  const button = (part: EchoPart, onClick: () => void): ButtonProps => ({
    id: `${base}-${part}`,
    type: 'button',
    disabled: settled,
    'data-part': part,
    onClick,
  });
  return {
    state: echo.state,
    settled,
    correcting,
    confirm: () => {
      if (!settled) ctx.onConfirm();
    },
    correct,
    startCorrection: () => {
      if (!settled) setCorrecting(true);
    },
    cancelCorrection: () => setCorrecting(false),
    labels,
    getRootProps: () => ({ id: base, role: 'group', 'aria-labelledby': `${base}-text`, 'data-part': 'root' satisfies EchoPart, 'data-state': echo.state }),
    getTextProps: () => ({ id: `${base}-text`, 'data-part': 'text' satisfies EchoPart }),
    getConfirmProps: () =>
      button('confirm', () => {
        if (!settled) ctx.onConfirm();
      }),
    getCorrectProps: () => ({
      ...button('correct', () => setCorrecting(!correcting)),
      'aria-expanded': correcting,
      'aria-controls': `${base}-correction`,
    }),
    getCorrectionInputProps: () => ({
      id: `${base}-correction`,
      'aria-label': labels.correctionPrompt,
      placeholder: labels.correctionPlaceholder,
      disabled: settled,
      ...(ctx.draft !== undefined && { value: ctx.draft }),
      'data-part': 'correction-input' satisfies EchoPart,
      onChange: (event) => ctx.onDraftChange?.(event.target.value),
      onKeyDown: (event) => {
        if (event.key === 'Escape') setCorrecting(false);
        else if (event.key !== 'Enter') return;
        else submit();
        event.preventDefault();
      },
    }),
    getCorrectionSubmitProps: () => button('correction-submit', submit),
  };
}
