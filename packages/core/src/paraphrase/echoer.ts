import { createTranslator } from '../i18n/translator.js';
import type { Translator } from '../i18n/types.js';
import { frameReflection, paraphrase } from './paraphrase.js';
import type { ParaphraseResult } from './paraphrase.js';
import { EMPATHY_DEFAULTS } from '../rules.js';

/**
 * A plug-in paraphraser, e.g. an LLM call. Return a reflection string (it gets framed
 * by the catalog), a whole result, or null/'' to let the rule-based echo answer.
 * Honour `signal`: it aborts when the echoer stops waiting.
 */
export type Paraphraser = (
  text: string,
  ctx: { locale: string; signal: AbortSignal },
) => string | ParaphraseResult | null | Promise<string | ParaphraseResult | null>;

/** Options for {@link createEchoer}. */
export interface EchoerOptions {
  locale?: string | undefined;
  translator?: Translator;
  paraphraser?: Paraphraser | undefined;
  /** How long to wait for the plug-in before falling back. Default 1500 ms. */
  timeoutMs?: number | undefined;
}

/** Produces echoes for one conversation's locale. */
export interface Echoer {
  echo(text: string, opts?: { variant?: number; avoid?: ReadonlySet<string> }): Promise<ParaphraseResult | null>;
}

const TIMEOUT = Symbol();

/**
 * Creates an echoer: the plug-in paraphraser when given (sync or async, aborted after
 * `timeoutMs`), falling back to the rule-based {@link paraphrase} when it times out,
 * throws or returns nothing. Without a plug-in, English gets the rule-based echo and
 * other locales the catalog's neutral quoting frame.
 * @example
 * const echoer = createEchoer({ locale: 'de', paraphraser: (text, { signal }) => llm(text, { signal }) });
 * const echo = await echoer.echo('Mein Paket ist nicht angekommen.');
 */
export function createEchoer(options: EchoerOptions = {}): Echoer {
  const tr = options.translator ?? createTranslator({ locale: options.locale });
  const locale = options.locale ?? tr.locale;
  const { paraphraser, timeoutMs = EMPATHY_DEFAULTS.paraphraserTimeoutMs } = options;

  const ask = async (call: NonNullable<EchoerOptions['paraphraser']>, text: string): Promise<string | ParaphraseResult | null | typeof TIMEOUT> => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        Promise.resolve().then(() => call(text, { locale, signal: controller.signal })),
        new Promise<typeof TIMEOUT>((resolve) => {
          timer = setTimeout(() => {
            controller.abort();
            resolve(TIMEOUT);
          }, timeoutMs);
        }),
      ]);
    } catch {
      // A failing plug-in must never cost the customer their echo.
      return null;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async echo(text, opts = {}) {
      const fallback = () => paraphrase(text, { ...opts, locale, translator: tr });
      if (!paraphraser) return fallback();
      const answer = await ask(paraphraser, text);
      if (typeof answer === 'string') {
        return answer.trim() ? frameReflection(answer, tr, opts) : fallback();
      }
      if (answer && typeof answer === 'object' && typeof answer.text === 'string' && answer.text.trim()) {
        return answer;
      }
      return fallback();
    },
  };
}
