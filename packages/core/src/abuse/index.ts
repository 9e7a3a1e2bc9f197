/**
 * Teammate protection: `detectAbuse(text)` flags insults, slurs, threats and harassment
 * aimed at the agent or the team (not frustration with the product). Headless, pure.
 */
export { detectAbuse } from './detect-abuse.js';
export type { AbuseKind, AbuseResult } from './detect-abuse.js';
