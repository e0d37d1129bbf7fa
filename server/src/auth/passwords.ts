import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** argon2id (the library's default, stated explicitly): memory-hard, side-channel resistant. */
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password. Without a stored hash (unknown user, no password set) a dummy hash is
 * verified anyway, so the answer takes about as long and reveals nothing about the account.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('amtsdesk-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

export { assertPasswordAcceptable, MIN_PASSWORD_LENGTH } from './password-policy.js';
