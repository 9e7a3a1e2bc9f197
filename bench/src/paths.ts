import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `bench/` (this package). */
export const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** The repository root. */
export const rootDir = path.dirname(benchDir);
