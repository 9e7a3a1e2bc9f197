export { closingRecap } from './closing-recap.js';
export type { ClosingRecapInput, ClosingRecapOptions } from './closing-recap.js';
export { buildRecap } from './recap-builder.js';
export type { BuildRecapOptions } from './recap-builder.js';
export { extractNextStep } from './next-step.js';
export { connectRecap } from './closing-recap.connect.js';
export type { RecapApi, RecapSection, RecapSectionName } from './closing-recap.connect.js';
