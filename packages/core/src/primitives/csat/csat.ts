import type { AnatomyPart, csatAnatomy } from '../anatomy.js';
import type { CsatMessage } from '../../types.js';
import { defaultTranslator } from '../default-translator.js';
import type { DataAttributes, PhraseSource } from '../props.types.js';

type CsatPart = AnatomyPart<typeof csatAnatomy>;

/** The content of a `csat` message: the question and its 1–5 scale. */
export type CsatPrompt = Pick<CsatMessage, 'kind' | 'prompt' | 'scale'>;

/**
 * The satisfaction question that follows a recap, in the translator's language.
 * @example csatPrompt(createTranslator({ locale: 'es' })) // { kind: 'csat', prompt: '¿Qué tal lo hicimos?', scale: 5 }
 */
export function csatPrompt(translator: PhraseSource = defaultTranslator()): CsatPrompt {
  return { kind: 'csat', prompt: translator.t('csat.prompt'), scale: 5 };
}

/** Context an adapter passes to {@link connectCsat}. */
export interface CsatContext {
  /** One tap rates (`comment` undefined); submitting the comment rates again with it. */
  onRate(score: number, comment?: string): void;
  /** Current comment text, when the adapter controls the field. */
  comment?: string;
  onCommentChange?(text: string): void;
  idPrefix?: string;
  translator?: PhraseSource;
}

type Button = DataAttributes & { id: string; type: 'button'; disabled: boolean; onClick(): void };

/** What {@link connectCsat} returns. */
export interface CsatApi {
  score: number | undefined;
  /** True once a score was given. */
  submitted: boolean;
  /** True once the optional comment was sent. */
  commented: boolean;
  /** 1..scale. */
  scores: readonly number[];
  labels: { prompt: string; comment: string; commentPlaceholder: string; submit: string; thanks: string };
  rate(score: number): void;
  submitComment(): void;
  getRootProps(): DataAttributes & { id: string; role: 'group'; 'aria-labelledby': string };
  getPromptProps(): DataAttributes & { id: string };
  getScoreProps(score: number): Button & { 'aria-label': string; 'aria-pressed': boolean; title: string };
  getCommentProps(): DataAttributes & {
    id: string;
    'aria-label': string;
    placeholder: string;
    disabled: boolean;
    value?: string;
    onChange(event: { target: { value: string } }): void;
  };
  getSubmitProps(): Button;
}

/**
 * Props for the one-tap rating: five toggle buttons ("4 stars", `aria-pressed`), then an
 * optional comment with a send button.
 * @example const api = connectCsat(csat, { onRate: (s, c) => conversation.rate(s, c) });
 */
export function connectCsat(csat: Pick<CsatMessage, 'id' | 'scale' | 'score' | 'comment'>, ctx: CsatContext): CsatApi {
  const tr = ctx.translator ?? defaultTranslator();
  const base = `${ctx.idPrefix ?? 'attune-'}${csat.id}`;
  const score = csat.score;
  const commented = csat.comment !== undefined;
  const scores = Array.from({ length: csat.scale }, (_, i) => i + 1);
  const rate = (n: number) => {
    if (!commented && scores.includes(n)) ctx.onRate(n);
  };
  const submitComment = () => {
    const text = ctx.comment?.trim();
    if (score !== undefined && !commented && text) ctx.onRate(score, text);
  };
  return {
    score,
    submitted: score !== undefined,
    commented,
    scores,
    labels: {
      prompt: tr.t('csat.prompt'),
      comment: tr.t('csat.commentLabel'),
      commentPlaceholder: tr.t('csat.commentPlaceholder'),
      submit: tr.t('csat.submit'),
      thanks: tr.t('csat.thanks'),
    },
    rate,
    submitComment,
    getRootProps: () => ({
      id: base,
      role: 'group',
      'aria-labelledby': `${base}-prompt`,
      'data-part': 'root' satisfies CsatPart,
      'data-state': score === undefined ? 'open' : 'rated',
    }),
    getPromptProps: () => ({ id: `${base}-prompt`, 'data-part': 'prompt' satisfies CsatPart }),
    getScoreProps: (n) => ({
      id: `${base}-score-${n}`,
      type: 'button',
      disabled: commented,
      'aria-label': tr.plural('csat.scoreLabel', n),
      'aria-pressed': n === score,
      title: tr.t(`csat.scale.${n}`),
      'data-part': 'score' satisfies CsatPart,
      'data-state': n === score ? 'on' : 'off',
      onClick: () => rate(n),
    }),
    getCommentProps: () => ({
      id: `${base}-comment`,
      'aria-label': tr.t('csat.commentLabel'),
      placeholder: tr.t('csat.commentPlaceholder'),
      disabled: score === undefined || commented,
      ...(ctx.comment !== undefined && { value: ctx.comment }),
      'data-part': 'comment' satisfies CsatPart,
      onChange: (event) => ctx.onCommentChange?.(event.target.value),
    }),
    getSubmitProps: () => ({
      id: `${base}-submit`,
      type: 'button',
      disabled: score === undefined || commented,
      'data-part': 'submit' satisfies CsatPart,
      onClick: submitComment,
    }),
  };
}
