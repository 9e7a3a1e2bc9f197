// The one place the server reaches into @attune/core (resolved to its sources with
// `--conditions=@attune/source`, to dist/ otherwise).
export {
  AttuneError,
  buildRecap,
  closingRecap,
  createTranslator,
  csatPrompt,
  detectTone,
  isAttuneError,
  optionPicker,
  paraphrase,
  parseClientEvent,
  PROTOCOL_VERSION,
} from '@attune/core';
export type { ChoiceOptions, ClientEvent, Message, RecapData, ServerEvent, ToneResult } from '@attune/core';
