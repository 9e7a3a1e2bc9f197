/**
 * Tone detection for customer messages: `detectTone(text)` → tone bucket, intensity,
 * cues, urgency flag and per-bucket scores. Headless and dependency-free.
 */
export { detectTone } from './detect-tone.js';
export type { Tone, ToneResult } from './detect-tone.js';
