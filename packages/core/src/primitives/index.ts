export { connectOptionPicker, optionPicker, optionPickerKeyIntent, validateOptions } from './option-picker/index.js';
export type {
  OptionPicker,
  OptionPickerApi,
  OptionPickerContext,
  OptionPickerInput,
  OptionPickerIntent,
  OptionPickerOptionProps,
  OptionPickerRootProps,
} from './option-picker/index.js';
export { connectEcho } from './echo/index.js';
export type { EchoApi, EchoContext } from './echo/index.js';
export { buildRecap, closingRecap, connectRecap, extractNextStep } from './closing-recap/index.js';
export type { BuildRecapOptions, ClosingRecapInput, ClosingRecapOptions, RecapApi, RecapSection, RecapSectionName } from './closing-recap/index.js';
export { connectCsat, csatPrompt } from './csat/index.js';
export type { CsatApi, CsatContext, CsatPrompt } from './csat/index.js';
export type { DataAttributes, KeyEventLike, PhraseSource } from './props.types.js';
export { closingRecapAnatomy, csatAnatomy, echoAnatomy, optionPickerAnatomy } from './anatomy.js';
export type { AnatomyPart } from './anatomy.js';
export { interpretTypedReply, isPromptOpen, normalizeReply, openPrompts } from './typed-reply/index.js';
export type { OpenPrompts, TypedReply } from './typed-reply/index.js';
