import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../config.js';

/** The installation's checkpoint key pair; the fingerprint names the public key in every checkpoint. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: VerifyingKey;
}

export interface VerifyingKey {
  key: KeyObject;
  /** "sha256:<hex>" of the DER-encoded SubjectPublicKeyInfo. */
  fingerprint: string;
  /** Base64 DER SubjectPublicKeyInfo, as carried in checkpoints. */
  spki: string;
  pem: string;
}

export class CheckpointKeyError extends Error {}

export function verifyingKeyFrom(key: KeyObject): VerifyingKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError('Der Schlüssel ist kein Ed25519-Schlüssel.');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    key: publicKey,
    fingerprint: `sha256:${createHash('sha256').update(der).digest('hex')}`,
    spki: der.toString('base64'),
    pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Where the private key lives: AMTSDESK_AUDIT_KEY_FILE, else <dataDir>/audit-signing-key.pem for the embedded default. */
export function signingKeyPath(config: AppConfig): string | undefined {
  if (config.audit.keyFile) return config.audit.keyFile;
  // Several instances on one PostgreSQL must share one key; a key generated in each instance's data
  // directory would make their checkpoints contradict each other. So only the embedded default,
  // which is one process by construction, gets a key without being told where it lives.
  return config.databaseUrl ? undefined : join(config.dataDir, 'audit-signing-key.pem');
}

/**
 * Loads the installation key, generating it on first use (PKCS#8 PEM, mode 0600, never overwritten:
 * 'wx' fails if another process created it meanwhile, and then that key is read).
 */
export function loadSigningKey(config: AppConfig, options: { create: boolean }): SigningKey | undefined {
  const path = signingKeyPath(config);
  if (!path) return undefined;
  if (!existsSync(path)) {
    if (!options.create) return undefined;
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path));
  } catch (error) {
    throw new CheckpointKeyError(`Der Signaturschlüssel in ${path} kann nicht gelesen werden: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError(`Der Signaturschlüssel in ${path} ist kein Ed25519-Schlüssel.`);
  return { privateKey, publicKey: verifyingKeyFrom(privateKey) };
}

/** A verifier's key: a public key file (PEM, SPKI) given by an auditor, or the installation's own key. */
export function loadVerifyingKey(config: AppConfig, publicKeyFile?: string): VerifyingKey | undefined {
  const file = publicKeyFile ?? config.audit.publicKeyFile;
  if (file) {
    try {
      return verifyingKeyFrom(createPublicKey(readFileSync(file)));
    } catch (error) {
      if (error instanceof CheckpointKeyError) throw error;
      throw new CheckpointKeyError(`Der öffentliche Schlüssel in ${file} kann nicht gelesen werden: ${(error as Error).message}`);
    }
  }
  return loadSigningKey(config, { create: false })?.publicKey;
}
