import type { AppConfig } from '../config.js';
import { verifyTenantChain, type ChainProblem } from '../events/verify.js';
import { findTenantBySlug, listTenants } from '../tenants/provision.js';
import { parseOptions, UsageError } from './args.js';
import { withCliDatabase } from './context.js';
import type { Output } from './output.js';

const REASONS: Record<ChainProblem['reason'], string> = {
  hash_mismatch: 'Inhalt verändert (Hash stimmt nicht)',
  broken_link: 'Verkettung unterbrochen (vorheriger Hash stimmt nicht)',
  gap: 'Lücke in der Nummerierung',
  head_mismatch: 'Kettenende passt nicht zum letzten Ereignis',
};

/** `audit verify [--tenant slug]`: recomputes every tenant's hash chain; exit 1 on any problem. */
export async function auditVerify(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, { tenant: { type: 'string' } });
  return withCliDatabase(config, async (db) => {
    let tenants: { id: string; slug: string }[];
    if (typeof values.tenant === 'string') {
      const tenant = await findTenantBySlug(db, values.tenant);
      if (!tenant) throw new UsageError(`Die Kommune „${values.tenant}“ (--tenant) gibt es nicht.`);
      tenants = [tenant];
    } else {
      tenants = await listTenants(db);
    }
    let failed = 0;
    for (const tenant of tenants) {
      const report = await verifyTenantChain(db, tenant.id);
      if (report.ok) {
        out.log(`OK      ${tenant.slug}: ${report.events} Ereignisse, Kette unversehrt`);
        continue;
      }
      failed++;
      out.log(`FEHLER  ${tenant.slug}: ${report.problems.length} Problem(e) in ${report.events} Ereignissen`);
      for (const p of report.problems) {
        out.log(`        seq ${p.seq}  Ereignis ${p.eventId}  ${p.reason}: ${REASONS[p.reason]}`);
      }
    }
    if (tenants.length === 0) out.log('Keine Kommunen vorhanden.');
    if (failed > 0) out.error(`Prüfung fehlgeschlagen: ${failed} von ${tenants.length} Kommune(n) mit veränderter Historie.`);
    return failed > 0 ? 1 : 0;
  });
}
