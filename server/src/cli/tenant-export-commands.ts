import { createWriteStream, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { AppConfig } from '../config.js';
import { createBlobStore } from '../blobs/index.js';
import { checkpointPublicKey } from '../events/checkpoint-service.js';
import { inviteLinkFor } from '../platform/presenter.js';
import { exportTenant } from '../records/export/exporter.js';
import { importTenant } from '../records/export/importer.js';
import { findTenantBySlug } from '../tenants/provision.js';
import { parseOptions, requireOption, UsageError } from './args.js';
import { withCliDatabase } from './context.js';
import type { Output } from './output.js';

const SECRET_HINTS: Record<string, string> = {
  webhooks: 'Webhooks (Geheimnis neu setzen, Empfänger informieren, dann aktivieren)',
  mailbox_settings: 'externes Postfach (Zugangstoken und Webhook-Geheimnis neu eintragen)',
  fit_connect_destinations: 'FIT-Connect-Zustellpunkte (Schlüssel neu hinterlegen, dann aktivieren)',
  postfach_settings: 'Postfach-Anbindungen (Zugangsdaten neu eintragen, dann einschalten)',
};

/** The first argument that is neither an option nor an option's value: `tenant export <slug>`, `tenant import <file>`. */
function positional(args: string[], what: string, valueOptions: string[] = []): { value: string; rest: string[] } {
  for (let i = 0; i < args.length; i++) {
    if (valueOptions.includes(args[i]!)) i++;
    else if (!args[i]!.startsWith('-')) return { value: args[i]!, rest: [...args.slice(0, i), ...args.slice(i + 1)] };
  }
  throw new UsageError(`${what} fehlt.`);
}

/** `tenant export <Kürzel> --out <Datei>`: everything of one municipality as a tar.gz (docs/records.md). */
export async function tenantExport(args: string[], config: AppConfig, out: Output): Promise<number> {
  const { value: slug, rest } = positional(args, 'Das Kürzel der Kommune', ['--out']);
  const values = parseOptions(rest, { out: { type: 'string' } });
  const target = resolve(process.env.INIT_CWD || process.cwd(), requireOption(values.out, '--out'));
  const part = `${target}.part`;
  return withCliDatabase(config, async (db) => {
    const tenant = await findTenantBySlug(db, slug);
    if (!tenant) throw new UsageError(`Die Kommune „${slug}“ gibt es nicht.`);
    let publicKeyPem: string | undefined;
    try {
      publicKeyPem = checkpointPublicKey(config).publicKeyPem;
    } catch {
      publicKeyPem = undefined; // no checkpoint key in this installation: the archive has none either
    }
    const gzip = createGzip();
    const written = pipeline(gzip, createWriteStream(part));
    try {
      const manifest = await exportTenant(db, createBlobStore(config), tenant.id, gzip, {
        spoolDir: join(dirname(target), '.amtsdesk-export-tmp'),
        publicKeyPem,
        onProgress: (p) => out.error(`  ${p.casesDone}/${p.casesTotal} Vorgänge, ${p.filesDone} Dateien`),
      }).finally(() => gzip.end());
      await written;
      await rename(part, target);
      out.log(`Export von ${tenant.name} (${tenant.slug}) geschrieben: ${target}`);
      out.log(`  Format ${manifest.format} Version ${manifest.version}; Historie bis seq ${manifest.chainHead.seq}`);
      out.log(`  ${manifest.counts.cases ?? 0} Vorgänge, ${manifest.counts.case_events ?? 0} Ereignisse, ${manifest.counts.files ?? 0} Dateien, ${manifest.counts.users ?? 0} Personen`);
      out.log('  Nicht enthalten: Passwörter, Sitzungen, API-Schlüssel und die Geheimnisse der Anbindungen (docs/records.md).');
      return 0;
    } catch (error) {
      gzip.destroy();
      await written.catch(() => {});
      await rm(part, { force: true });
      throw error;
    } finally {
      await rm(join(dirname(target), '.amtsdesk-export-tmp'), { recursive: true, force: true });
    }
  });
}

/** `tenant import <Datei>`: restores an export into this installation, where the municipality must not exist yet. */
export async function tenantImport(args: string[], config: AppConfig, out: Output): Promise<number> {
  const { value, rest } = positional(args, 'Die Exportdatei');
  parseOptions(rest, {});
  const file = resolve(process.env.INIT_CWD || process.cwd(), value);
  const result = await withCliDatabase(config, (db) => importTenant(db, createBlobStore(config), file));
  out.log(`Kommune importiert: ${result.tenant.name} (${result.tenant.slug})`);
  out.log(`  ${result.counts.cases ?? 0} Vorgänge, ${result.counts.case_events ?? 0} Ereignisse, ${result.counts.files ?? 0} Dateien, ${result.counts.users ?? 0} Personen`);
  for (const invite of result.adminInvites) out.log(`  Neue erste Anmeldung für ${invite.email} (7 Tage gültig): ${inviteLinkFor(config.publicUrl, invite.token)}`);
  out.log('  Alle anderen Personen: Passwort über „Passwort vergessen“ oder eine neue Einladung der Verwaltung.');
  for (const item of result.needsSecrets) out.log(`  Ausgeschaltet, Geheimnis fehlt: ${item.count} × ${SECRET_HINTS[item.table] ?? item.table}`);
  if (result.checkpoints.length > 0) {
    const checkpoints = `${file}.pruefpunkte.jsonl`;
    writeFileSync(checkpoints, result.checkpoints.map((c) => `${c}\n`).join(''));
    let keyHint = '';
    if (result.publicKeyPem) {
      writeFileSync(`${file}.schluessel.pem`, result.publicKeyPem);
      keyHint = ` --public-key ${file}.schluessel.pem`;
    }
    out.log(`  Signierte Prüfpunkte der alten Installation: ${checkpoints}`);
    out.log(`  Prüfen: amtsdesk audit verify --tenant ${result.tenant.slug} --checkpoints ${checkpoints}${keyHint}`);
  } else {
    out.log(`  Prüfen: amtsdesk audit verify --tenant ${result.tenant.slug}`);
  }
  return 0;
}
