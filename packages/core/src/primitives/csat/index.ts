export { connectCsat, csatPrompt } from './csat.js';
export type { CsatApi, CsatContext, CsatPrompt } from './csat.js';
