export { memoryStorage } from './memory-storage.js';
export { webStorage } from './web-storage.js';
export type { WebStorageOptions } from './web-storage.js';
