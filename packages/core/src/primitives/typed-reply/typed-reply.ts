import type { ChoiceMessage, EchoMessage, Message } from '../../types.js';
import type { Translator } from '../../i18n/types.js';

/** What a typed message means when an echo or a picker is waiting for an answer. */
export type TypedReply = { kind: 'confirm'; echoId: string } | { kind: 'correct'; echoId: string } | { kind: 'choose'; pickerId: string; optionId: string };

/** The echo and the picker still waiting for the customer, if any. */
export interface OpenPrompts {
  echo?: EchoMessage | undefined;
  choice?: ChoiceMessage | undefined;
}

/**
 * Lower case, no accents, no punctuation, single spaces: "Yes!", "  yes. " and "Sí" → "yes", "si".
 * Letters and digits of every script are kept (Arabic, Hebrew…).
 */
export function normalizeReply(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/'/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The prompts a typed reply may answer: the newest echo that is still `proposed` and the
 * newest picker with nothing chosen — each only while the conversation has not moved past
 * it (no customer message, echo, picker or recap after it). A picker or echo the
 * conversation moved past is closed: clicking it would answer a question nobody is
 * asking any more.
 */
export function openPrompts(messages: readonly Message[]): OpenPrompts {
  const open: OpenPrompts = {};
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!m) continue;
    if (m.kind === 'echo') {
      if (m.state === 'proposed') open.echo = m;
      break;
    }
    if (m.kind === 'choice') {
      if (m.chosen === undefined) open.choice = m;
      break;
    }
    if (m.kind === 'recap' || m.kind === 'csat' || (m.kind === 'text' && m.from === 'customer')) break;
  }
  return open;
}

/** True when `message` (an echo or a picker) is one of the open prompts in `messages`. */
export function isPromptOpen(messages: readonly Message[], message: Message): boolean {
  const open = openPrompts(messages);
  return open.echo === message || open.choice === message;
}

/**
 * Reads a typed message as a click, so typing works like tapping:
 * - an open echo: one of the catalog's `reply.yes` phrases ("yes", "right", "that's right"…)
 *   confirms it, one of `reply.no` ("no", "not quite"…) corrects it;
 * - an open picker: an option's label (without case, accents or punctuation) or its
 *   number (1-based, "2" or "2.") chooses it.
 * Anything else is `null`: an ordinary message. Pure: the caller decides what to do.
 * Without a translator only a picker's labels and numbers are read.
 * @example
 * interpretTypedReply('Not quite', { echo }, tr) // { kind: 'correct', echoId: echo.id }
 * interpretTypedReply('2', { choice }, tr)        // { kind: 'choose', pickerId, optionId: choice.options[1].id }
 */
export function interpretTypedReply(text: string, open: OpenPrompts, tr: Translator | undefined): TypedReply | null {
  const said = normalizeReply(text);
  if (!said) return null;
  const { echo, choice } = open;
  if (choice) {
    const byNumber = /^\d$/.test(said) ? choice.options[Number(said) - 1] : undefined;
    const option = byNumber ?? choice.options.find((o) => normalizeReply(o.label) === said);
    if (option) return { kind: 'choose', pickerId: choice.id, optionId: option.id };
  }
  // Without a catalog (not loaded yet) only a picker's labels and numbers are read.
  if (echo && tr) {
    const matches = (key: string) => tr.variants(key).some((phrase) => normalizeReply(phrase) === said);
    // Also the echo buttons' own words ("Yes, that's right", "Not quite").
    if (matches('reply.yes') || normalizeReply(tr.t('echo.confirm')) === said) return { kind: 'confirm', echoId: echo.id };
    if (matches('reply.no') || normalizeReply(tr.t('echo.correct')) === said) return { kind: 'correct', echoId: echo.id };
  }
  return null;
}
