import { timingSafeEqual } from 'node:crypto';
import { randomToken, sha256Hex } from '../shared/ids.js';
import { CLIENT_ACCESS_TOKEN_PREFIX, CLIENT_ID_PREFIX, CLIENT_SECRET_PREFIX } from '../auth/client-tokens.js';

/*
 * OAuth2 client credentials of a Fachverfahren. The secret has 256 bits of randomness, so a
 * SHA-256 at rest is enough (as for API keys; a slow password hash protects guessable secrets, and
 * these are not guessable). The plain secret is returned once, when issued or rotated.
 */

export function newClientId(): string {
  return `${CLIENT_ID_PREFIX}${randomToken(16)}`;
}

export function newSecret(): { secret: string; hash: string } {
  const secret = `${CLIENT_SECRET_PREFIX}${randomToken()}`;
  return { secret, hash: sha256Hex(secret) };
}

export function newAccessToken(): { token: string; hash: string } {
  const token = `${CLIENT_ACCESS_TOKEN_PREFIX}${randomToken()}`;
  return { token, hash: sha256Hex(token) };
}

/** Compares a presented secret with the stored hash without leaking the position of a difference. */
export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
