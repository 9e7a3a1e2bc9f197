export { createTranslator, detectDirection, format, registerMessages } from './translator.js';
export { en } from './messages/en.js';
export { es } from './messages/es.js';
export type { MessageKey, MessageOverride, MessageValue, Messages, PickOptions, Picked, PluralForms, Translator, TranslatorOptions, Vars } from './types.js';
