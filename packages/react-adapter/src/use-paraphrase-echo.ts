'use client';
import { useId, useState } from 'react';
import { connectEcho } from '@attune/core';
import type { Conversation, EchoApi, EchoMessage, PhraseSource } from '@attune/core';
import { useResolvedConversation } from './conversation-context.js';

/** Options shared by the primitive hooks. */
export interface PrimitiveHookOptions {
  /** Prefix of the DOM ids (default: unique per hook call, from `useId`). */
  idPrefix?: string;
  /** Where the labels come from, e.g. `createTranslator({ locale: 'es' })` (default English). */
  translator?: PhraseSource;
}

/**
 * State, actions and prop getters of a paraphrase echo ("It sounds like… — did I get
 * that right?"): a confirm button, a correct button that opens a correction field, and
 * the field itself (Enter sends, Escape closes). The open state and the draft live in
 * React state; confirming and correcting call the conversation (argument or provider).
 *
 * @example
 * function Echo({ echo }: { echo: EchoMessage }) {
 *   const e = useParaphraseEcho(echo);
 *   return (
 *     <div {...e.getRootProps()}>
 *       <p {...e.getTextProps()}>{echo.text}</p>
 *       <button {...e.getConfirmProps()}>{e.labels.confirm}</button>
 *       <button {...e.getCorrectProps()}>{e.labels.correct}</button>
 *       {e.correcting && <input {...e.getCorrectionInputProps()} />}
 *     </div>
 *   );
 * }
 */
export function useParaphraseEcho(echo: Pick<EchoMessage, 'id' | 'state'>, conversation?: Conversation, options: PrimitiveHookOptions = {}): EchoApi {
  const resolved = useResolvedConversation(conversation, 'useParaphraseEcho');
  const id = useId();
  const [correcting, setCorrecting] = useState(false);
  const [draft, setDraft] = useState('');
  return connectEcho(echo, {
    ...options,
    idPrefix: options.idPrefix ?? `${id}-`,
    correcting,
    onCorrectingChange: setCorrecting,
    draft,
    onDraftChange: setDraft,
    onConfirm: () => resolved.confirmEcho(echo.id),
    onCorrect: (text) => resolved.correctEcho(echo.id, text),
  });
}
