// Names and rules every layer shares (engine, agent, policy, flows, protocol, adapters,
// servers): written once here so they cannot drift apart.
import type { EmpathyOptions, ResolvedEmpathyOptions } from './conversation.types.js';

/** The option id that means "talk to a person" in a handoff offer (and the demo flow). */
export const HANDOFF_OPTION_ID = 'human';

/** Longest message or event id, in characters. */
export const MAX_ID_LENGTH = 128;

const ID = /^[\w-]{1,128}$/;

/**
 * The one id rule for messages and events (client-generated ids, server ids, `send(text, { id })`):
 * 1–128 ASCII letters, digits, `_` or `-`, so an id is safe in a URL path, a storage key and a log line.
 */
export const isMessageId = (value: unknown): value is string => typeof value === 'string' && ID.test(value);

/** Longest reason kept with per-message feedback, in characters (the action, the wire event, servers). */
export const FEEDBACK_REASON_MAX = 500;

/** Fewest and most options an option picker may offer (the empathy contract's "two or three"). */
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 3;

/** The one option-count rule (pickers, flows, the wire protocol): an array of two or three items. */
export const hasOptionCount = (value: unknown): value is readonly unknown[] =>
  Array.isArray(value) && value.length >= MIN_OPTIONS && value.length <= MAX_OPTIONS;

/** The documented empathy defaults (DESIGN.md, "The empathy contract"). */
export const EMPATHY_DEFAULTS: Readonly<Omit<ResolvedEmpathyOptions, 'paraphraser'>> = Object.freeze({
  echo: true,
  maxApologies: 1,
  handoffAfterNegativeTurns: 3,
  handoffAfterCorrections: 2,
  paraphraserTimeoutMs: 1500,
});

/** `options` with every missing setting taken from {@link EMPATHY_DEFAULTS}. */
export function resolveEmpathy(options: EmpathyOptions = {}): ResolvedEmpathyOptions {
  return {
    echo: options.echo ?? EMPATHY_DEFAULTS.echo,
    maxApologies: options.maxApologies ?? EMPATHY_DEFAULTS.maxApologies,
    handoffAfterNegativeTurns: options.handoffAfterNegativeTurns ?? EMPATHY_DEFAULTS.handoffAfterNegativeTurns,
    handoffAfterCorrections: options.handoffAfterCorrections ?? EMPATHY_DEFAULTS.handoffAfterCorrections,
    paraphraserTimeoutMs: options.paraphraserTimeoutMs ?? EMPATHY_DEFAULTS.paraphraserTimeoutMs,
    ...(options.paraphraser ? { paraphraser: options.paraphraser } : {}),
  };
}
