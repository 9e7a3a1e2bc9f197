let counter = 0;

/**
 * A short, collision-safe id: time (base 36) + a per-page counter + 48 random bits.
 * Uses `crypto.getRandomValues` when the runtime has it, `Math.random` otherwise.
 */
export function createId(prefix = ''): string {
  const bytes = new Uint8Array(6);
  const crypto = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < 6; i++) bytes[i] = Math.floor(Math.random() * 256);
  let random = '';
  for (const b of bytes) random += b.toString(36).padStart(2, '0');
  counter = (counter + 1) % 1296;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36).padStart(2, '0')}${random}`;
}
