// The public surface of @attune/react: explicit names only. `AttuneChat` lives in
// `@attune/react/widget`, so hook users never load Lit or the widget.
export { useConversation } from './use-conversation.js';
export type { ConversationStore, Selector } from './use-conversation.js';
export { shallowEqual } from '@attune/core';
export { useChat } from './use-chat.js';
export type { UseChatResult } from './use-chat.js';
export { ConversationProvider, useConversationContext } from './conversation-context.js';
export type { ConversationProviderProps } from './conversation-context.js';
export { useOptionPicker } from './use-option-picker.js';
export type { PickerLike, UseOptionPickerOptions } from './use-option-picker.js';
export { useParaphraseEcho } from './use-paraphrase-echo.js';
export type { PrimitiveHookOptions } from './use-paraphrase-echo.js';
export { useClosingRecap } from './use-closing-recap.js';
export { useCsat } from './use-csat.js';
