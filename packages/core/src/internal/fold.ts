/** Lower-cases and strips accents, so "Sesión" matches "sesion" (shared by the policy and the agent). */
export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
