'use client';
import { useId, useState } from 'react';
import { connectCsat } from '@attune/core';
import type { Conversation, CsatApi, CsatMessage } from '@attune/core';
import { useResolvedConversation } from './conversation-context.js';
import type { PrimitiveHookOptions } from './use-paraphrase-echo.js';

/**
 * State, actions and prop getters of the satisfaction question: one tap on a score
 * button rates (`aria-pressed` shows it), then an optional comment goes out with
 * `getSubmitProps()`. The comment draft lives in React state; rating calls
 * `conversation.rate` (argument or provider).
 *
 * @example
 * function Csat({ csat }: { csat: CsatMessage }) {
 *   const c = useCsat(csat);
 *   return (
 *     <div {...c.getRootProps()}>
 *       <p {...c.getPromptProps()}>{c.labels.prompt}</p>
 *       {c.scores.map((n) => <button key={n} {...c.getScoreProps(n)}>{n}</button>)}
 *       <textarea {...c.getCommentProps()} />
 *       <button {...c.getSubmitProps()}>{c.labels.submit}</button>
 *     </div>
 *   );
 * }
 */
export function useCsat(
  csat: Pick<CsatMessage, 'id' | 'scale' | 'score' | 'comment'>,
  conversation?: Conversation,
  options: PrimitiveHookOptions = {},
): CsatApi {
  const resolved = useResolvedConversation(conversation, 'useCsat');
  const id = useId();
  const [comment, setComment] = useState('');
  return connectCsat(csat, {
    ...options,
    idPrefix: options.idPrefix ?? `${id}-`,
    comment,
    onCommentChange: setComment,
    onRate: (score, text) => resolved.rate(score, text),
  });
}
