import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { loadSigningKey, type SigningKey } from './checkpoint-key.js';
import { takeCheckpoints } from './checkpoint-job.js';
import { publishPendingCheckpoints, type PublishResult } from './checkpoint-publish.js';

export interface CheckpointNowResult {
  created: number;
  refusedTenantIds: string[];
  published: PublishResult;
  keyFingerprint: string;
}

function installationKey(config: AppConfig): SigningKey {
  const key = loadSigningKey(config, { create: true });
  if (!key) throw new AppError('checkpoints_unconfigured', { internal: 'AMTSDESK_AUDIT_KEY_FILE is not set (required with DATABASE_URL)' });
  return key;
}

/** On demand (operator API): checkpoint every moved chain now, whatever the interval, then publish. */
export async function checkpointNow(db: Database, config: AppConfig): Promise<CheckpointNowResult> {
  const key = installationKey(config);
  const run = await takeCheckpoints(db, { key, installation: config.publicUrl, wait: true });
  const published = await publishPendingCheckpoints(db, config.audit);
  return { created: run.created, refusedTenantIds: run.refused, published, keyFingerprint: key.publicKey.fingerprint };
}

/** The public half, for auditors who verify without the private key. */
export function checkpointPublicKey(config: AppConfig) {
  const { publicKey } = installationKey(config);
  return { algorithm: 'Ed25519' as const, fingerprint: publicKey.fingerprint, publicKeyPem: publicKey.pem };
}
