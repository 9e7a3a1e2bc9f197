// Customer tokens and embed-site identity tokens.
//
// Customer token: `<payload>.<mac>`, payload = base64url(JSON {c: conversationId, u?: subject,
// n?: name}), mac = base64url(HMAC-SHA256(secret, "attune.customer." + payload)). The server
// issues it when it creates a conversation and checks it on every request of that
// conversation; nothing is stored, so any process with the secret can check it.
//
// Identity token (minted by the embedding site for its logged-in user, with a secret it
// shares with this server): `<payload>.<mac>`, payload = base64url(JSON {sub, name?, exp}),
// exp in seconds since the epoch, mac = base64url(HMAC-SHA256(identitySecret,
// "attune.identity." + payload)). See docs/protocol.md for a minting example.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../errors.js';

export interface CustomerClaims {
  conversationId: string;
  subject?: string;
  name?: string;
}

const mac = (secret: Buffer, purpose: string, payload: string): string =>
  createHmac('sha256', secret).update(`attune.${purpose}.${payload}`).digest('base64url');

/** `<payload>.<mac>` for `body` (JSON), signed for one purpose so a token of one kind never passes as another. */
export function sign(secret: Buffer, purpose: string, body: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(secret, purpose, payload)}`;
}

/** The JSON object a token signed by `sign(secret, purpose, …)` carries, or undefined when it is not one. */
export function verify(secret: Buffer, purpose: string, token: unknown): Record<string, unknown> | undefined {
  if (typeof token !== 'string' || token.length > 2048) return undefined;
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(mac(secret, purpose, payload), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A new conversation id: 128 random bits, base64url (22 characters). */
export const newConversationId = (): string => randomBytes(16).toString('base64url');

export function issueCustomerToken(secret: Buffer, claims: CustomerClaims): string {
  const body: Record<string, string> = { c: claims.conversationId };
  if (claims.subject !== undefined) body.u = claims.subject;
  if (claims.name !== undefined) body.n = claims.name;
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(secret, 'customer', payload)}`;
}

/**
 * The claims of a valid token for `conversationId`. Throws 401 `auth/token-missing` or
 * `auth/token-invalid`; a valid token for another conversation is 403 `auth/forbidden`.
 */
export function checkCustomerToken(secret: Buffer, token: string | undefined, conversationId: string): CustomerClaims {
  if (token === undefined || token === '')
    throw new HttpError(401, 'auth/token-missing', 'This conversation needs its customer token (Authorization: Bearer <token>)');
  const claims = verify(secret, 'customer', token);
  if (!claims || typeof claims.c !== 'string') throw new HttpError(401, 'auth/token-invalid', 'The customer token is not valid');
  if (claims.c !== conversationId) throw new HttpError(403, 'auth/forbidden', 'The customer token belongs to another conversation');
  return {
    conversationId: claims.c,
    ...(typeof claims.u === 'string' ? { subject: claims.u } : {}),
    ...(typeof claims.n === 'string' ? { name: claims.n } : {}),
  };
}

export interface Identity {
  subject: string;
  name?: string;
}

/** Checks an identity token minted by the embedding site (400 `auth/identity-invalid` when bad or expired). */
export function checkIdentityToken(secret: Buffer, token: unknown, nowSeconds: number): Identity {
  const claims = verify(secret, 'identity', token);
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '' || claims.sub.length > 200 || typeof claims.exp !== 'number') {
    throw new HttpError(401, 'auth/identity-invalid', 'The identity token is not valid');
  }
  if (claims.exp < nowSeconds) throw new HttpError(401, 'auth/identity-expired', 'The identity token has expired');
  const name = typeof claims.name === 'string' ? claims.name.trim().slice(0, 80) : '';
  return { subject: claims.sub, ...(name ? { name } : {}) };
}

/** What an embedding site runs on its own server to vouch for its logged-in user. */
export function mintIdentityToken(
  secret: Buffer | string,
  identity: { sub: string; name?: string; expiresInSeconds?: number },
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const body = { sub: identity.sub, ...(identity.name === undefined ? {} : { name: identity.name }), exp: nowSeconds + (identity.expiresInSeconds ?? 300) };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(key, 'identity', payload)}`;
}

/** The bearer token of an `Authorization` header, if any. */
export function bearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
