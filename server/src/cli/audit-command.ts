import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { CheckpointKeyError, loadVerifyingKey, type VerifyingKey } from '../events/checkpoint-key.js';
import { parseCheckpointFile, verifyCheckpoint, type CheckpointStatement, type SourcedCheckpoint } from '../events/checkpoint-statement.js';
import { loadTenantCheckpoints } from '../events/checkpoint-store.js';
import { verifyTenantChain, type ChainProblem, type ChainReport } from '../events/verify.js';
import { findTenantBySlug, listTenants } from '../tenants/provision.js';
import { parseOptions, UsageError } from './args.js';
import { describeProblem, formatTime, SIGNATURE_VERDICTS } from './audit-texts.js';
import { withCliDatabase } from './context.js';
import type { Output } from './output.js';

interface FileCheckpoints {
  checkpoints: SourcedCheckpoint[];
  unreadable: string[];
  names: string[];
}

function readCheckpointFiles(files: string[]): FileCheckpoints {
  const result: FileCheckpoints = { checkpoints: [], unreadable: [], names: [] };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`Die Prüfpunkt-Datei „${file}“ (--checkpoints) kann nicht gelesen werden.`);
    }
    const parsed = parseCheckpointFile(text, basename(file));
    result.checkpoints.push(...parsed.checkpoints);
    result.unreadable.push(...parsed.unreadable);
    result.names.push(basename(file));
  }
  return result;
}

/** Same checkpoint from the database and the published file counts once; a differing copy counts separately. */
function dedupe(checkpoints: SourcedCheckpoint[]): SourcedCheckpoint[] {
  const seen = new Set<string>();
  return checkpoints.filter((c) => {
    const key = `${c.statement.id}:${c.statement.signature}:${c.statement.seq}:${c.statement.hash}:${c.statement.createdAt}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function printReport(slug: string, report: ChainReport, signatureLines: string[], out: Output): boolean {
  const ok = report.ok && signatureLines.length === 0;
  if (ok) {
    const confirmation = report.confirmedBy
      ? `, bestätigt durch Prüfpunkt vom ${formatTime(report.confirmedBy.createdAt)} (seq ${report.confirmedBy.seq})`
      : ' (kein Prüfpunkt – eine Kürzung am Ende wäre nicht erkennbar)';
    out.log(`OK      ${slug}: ${report.events} Ereignisse, Kette unversehrt${confirmation}`);
    return true;
  }
  const count = report.problems.length + signatureLines.length;
  out.log(`FEHLER  ${slug}: ${count} Problem(e) in ${report.events} Ereignissen`);
  for (const line of signatureLines) out.log(`        ${line}`);
  for (const p of report.problems) out.log(`        ${problemLine(p)}`);
  return false;
}

function problemLine(p: ChainProblem): string {
  return `seq ${p.seq}  Ereignis ${p.eventId}  ${p.reason}: ${describeProblem(p)}`;
}

/** Signature check of one tenant's checkpoints: the valid ones to compare with, and a line per invalid one. */
function checkSignatures(checkpoints: SourcedCheckpoint[], key: VerifyingKey | undefined): { valid: CheckpointStatement[]; lines: string[] } {
  const valid: CheckpointStatement[] = [];
  const lines: string[] = [];
  for (const { statement, source } of checkpoints) {
    if (!key) {
      lines.push(`Prüfpunkt ${statement.id} (${source})  no_key: ${SIGNATURE_VERDICTS.no_key}`);
      continue;
    }
    const verdict = verifyCheckpoint(statement, key);
    if (verdict === 'valid') valid.push(statement);
    else lines.push(`Prüfpunkt ${statement.id} (${source})  ${verdict}: ${SIGNATURE_VERDICTS[verdict]}`);
  }
  return { valid, lines };
}

async function selectTenants(db: Database, slug: unknown) {
  if (typeof slug !== 'string') return listTenants(db);
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw new UsageError(`Die Kommune „${slug}“ (--tenant) gibt es nicht.`);
  return [tenant];
}

/**
 * `audit verify [--tenant slug] [--checkpoints file]… [--public-key file]`: recomputes every
 * tenant's hash chain and compares it with the signed checkpoints from the database and from
 * published files (which the database owner cannot rewrite); exit 1 on any problem.
 */
export async function auditVerify(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, {
    tenant: { type: 'string' },
    checkpoints: { type: 'string', multiple: true },
    'public-key': { type: 'string' },
  });
  const files = readCheckpointFiles(values.checkpoints ?? []);
  let key: VerifyingKey | undefined;
  try {
    key = loadVerifyingKey(config, values['public-key']);
  } catch (error) {
    if (error instanceof CheckpointKeyError) throw new UsageError(`${error.message} (--public-key)`);
    throw error;
  }
  return withCliDatabase(config, async (db) => {
    const tenants = await selectTenants(db, values.tenant);
    const sources = files.names.length > 0 ? `Datenbank und ${files.names.join(', ')}` : 'Datenbank';
    out.log(`Prüfpunkte aus: ${sources}; Schlüssel: ${key ? key.fingerprint : 'keiner vorhanden'}`);
    let failed = 0;
    for (const tenant of tenants) {
      const stored = await loadTenantCheckpoints(db, tenant.id);
      const published = files.checkpoints.filter((c) => c.statement.tenantId === tenant.id);
      const signatures = checkSignatures(dedupe([...stored.checkpoints, ...published]), key);
      signatures.lines.push(...stored.unreadable.map((source) => `${source}  unreadable: ${SIGNATURE_VERDICTS.malformed}`));
      const report = await verifyTenantChain(db, tenant.id, { checkpoints: signatures.valid });
      if (!printReport(tenant.slug, report, signatures.lines, out)) failed++;
    }
    // Published checkpoints of a tenant the database no longer has: its whole history is gone.
    const known = new Set(tenants.map((t) => t.id));
    const orphans = typeof values.tenant === 'string' ? [] : files.checkpoints.filter((c) => !known.has(c.statement.tenantId));
    for (const tenantId of new Set(orphans.map((c) => c.statement.tenantId))) {
      const highest = Math.max(...orphans.filter((c) => c.statement.tenantId === tenantId).map((c) => c.statement.seq));
      out.log(`FEHLER  ${tenantId}: Kommune fehlt in der Datenbank, ein veröffentlichter Prüfpunkt bestätigt ${highest} Ereignisse`);
      failed++;
    }
    for (const line of files.unreadable) {
      out.log(`FEHLER  ${line}: kein lesbarer Prüfpunkt – die veröffentlichte Datei wurde verändert`);
    }
    if (files.unreadable.length > 0) failed++;
    if (tenants.length === 0) out.log('Keine Kommunen vorhanden.');
    if (failed > 0) out.error(`Prüfung fehlgeschlagen: ${failed} Befund(e) – Historie verändert oder Prüfpunkt ungültig.`);
    return failed > 0 ? 1 : 0;
  });
}
