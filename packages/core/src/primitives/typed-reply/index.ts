export { interpretTypedReply, isPromptOpen, normalizeReply, openPrompts } from './typed-reply.js';
export type { OpenPrompts, TypedReply } from './typed-reply.js';
