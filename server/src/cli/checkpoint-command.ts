import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from '../config.js';
import { CheckpointKeyError, loadSigningKey, loadVerifyingKey, type SigningKey } from '../events/checkpoint-key.js';
import { takeCheckpoints } from '../events/checkpoint-job.js';
import { publishPendingCheckpoints } from '../events/checkpoint-publish.js';
import { EXPORT_FORMAT } from '../events/checkpoint-statement.js';
import { latestTenantCheckpoint } from '../events/checkpoint-store.js';
import { findTenantBySlug, listTenants } from '../tenants/provision.js';
import { parseOptions, UsageError } from './args.js';
import { withCliDatabase } from './context.js';
import type { Output } from './output.js';

function signingKey(config: AppConfig): SigningKey {
  let key: SigningKey | undefined;
  try {
    key = loadSigningKey(config, { create: true });
  } catch (error) {
    if (error instanceof CheckpointKeyError) throw new Error(error.message, { cause: error });
    throw error;
  }
  if (!key) {
    throw new Error(
      'Kein Signaturschlüssel für Prüfpunkte: Setzen Sie AMTSDESK_AUDIT_KEY_FILE (bei PostgreSQL nötig, ' +
        'damit alle Instanzen mit demselben Schlüssel signieren).',
    );
  }
  return key;
}

/**
 * `audit checkpoint [--export file.json] [--tenant slug]`: signs a checkpoint now for every tenant
 * whose chain moved, publishes what is pending, and optionally exports the newest checkpoint of
 * every tenant (or one) as a self-describing JSON document.
 */
export async function auditCheckpoint(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, { export: { type: 'string' }, tenant: { type: 'string' } });
  if (values.export === '') throw new UsageError('Die Option --export braucht einen Dateinamen.');
  const key = signingKey(config);
  return withCliDatabase(config, async (db) => {
    const tenants = typeof values.tenant === 'string' ? [await findTenantBySlug(db, values.tenant)] : await listTenants(db);
    if (tenants[0] === undefined) throw new UsageError(`Die Kommune „${values.tenant}“ (--tenant) gibt es nicht.`);
    const run = await takeCheckpoints(db, { key, installation: config.publicUrl, wait: true });
    out.log(`Prüfpunkte signiert: ${run.created} neu (Schlüssel ${key.publicKey.fingerprint})`);
    let failed = false;
    if (run.refused.length > 0) {
      const slugs = new Map((await listTenants(db)).map((t) => [t.id, t.slug]));
      for (const id of run.refused) {
        out.log(`FEHLER  ${slugs.get(id) ?? id}: Die Kette enthält ihren letzten Prüfpunkt nicht mehr – kein neuer Prüfpunkt. Prüfen: amtsdesk audit verify`);
      }
      failed = true;
    }
    const published = await publishPendingCheckpoints(db, config.audit);
    if (config.audit.publishFile) out.log(`Veröffentlicht in ${config.audit.publishFile}: ${published.file}`);
    if (config.audit.publishUrl) out.log(`Veröffentlicht an die konfigurierte URL: ${published.url}`);
    for (const reason of published.failed) {
      out.error(`Veröffentlichen fehlgeschlagen (${reason}) – wird beim nächsten Lauf wiederholt.`);
      failed = true;
    }
    if (typeof values.export === 'string') {
      const statements: unknown[] = [];
      for (const tenant of tenants) {
        const latest = await latestTenantCheckpoint(db, tenant!.id);
        if (latest) statements.push(JSON.parse(latest));
      }
      const document = {
        format: EXPORT_FORMAT,
        installation: config.publicUrl,
        exportedAt: new Date().toISOString(),
        key: { algorithm: 'Ed25519', fingerprint: key.publicKey.fingerprint, publicKeyPem: key.publicKey.pem },
        checkpoints: statements,
      };
      const path = resolve(values.export);
      writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
      out.log(`Exportiert nach ${path}: ${statements.length} Prüfpunkt(e)`);
    }
    return failed ? 1 : 0;
  });
}

/** `audit public-key`: prints the public key (PEM) and its fingerprint for auditors; needs no database. */
export async function auditPublicKey(args: string[], config: AppConfig, out: Output): Promise<number> {
  parseOptions(args, {});
  const key = loadVerifyingKey(config) ?? signingKey(config).publicKey;
  out.log(`# Fingerabdruck: ${key.fingerprint}`);
  out.log(key.pem.trimEnd());
  return 0;
}
