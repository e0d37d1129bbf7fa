import type { AppConfig } from '../config.js';
import { findTenantBySlug, listTenants } from '../tenants/provision.js';
import { listDueCases } from '../records/service.js';
import { proposeLists } from '../records/destruction/propose.js';
import { parseOptions, UsageError } from './args.js';
import { withCliDatabase } from './context.js';
import type { Output } from './output.js';

/** --as-of YYYY-MM-DD (end of that day, UTC), or now: the clock retention runs on, settable for drills. */
export function parseAsOf(value: unknown): Date {
  if (value === undefined) return new Date();
  const text = String(value);
  const date = new Date(`${text}T23:59:59.999Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`Das Datum „${text}“ (--as-of) ist ungültig; erwartet wird JJJJ-MM-TT.`);
  }
  return date;
}

/**
 * `retention due [--tenant slug] [--as-of YYYY-MM-DD]`: per municipality, the closed cases whose
 * retention period has ended by that day, by appraisal, and how many of them are held. Case
 * numbers only (no personal data on the console).
 */
export async function retentionDue(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, { tenant: { type: 'string' }, 'as-of': { type: 'string' } });
  const asOf = parseAsOf(values['as-of']);
  await withCliDatabase(config, async (db) => {
    const slug = values.tenant as string | undefined;
    const tenant = slug ? await findTenantBySlug(db, slug) : undefined;
    if (slug && !tenant) throw new UsageError(`Die Kommune „${slug}“ (--tenant) gibt es nicht.`);
    const tenants = tenant ? [tenant] : await listTenants(db);
    out.log(`Aufbewahrungsfristen abgelaufen bis ${asOf.toISOString().slice(0, 10)}:`);
    for (const t of tenants) {
      const due = await listDueCases(db, t.id, asOf, 100_000);
      const by = (code: string) => due.filter((c) => c.appraisal === code && !c.on_hold).length;
      const held = due.filter((c) => c.on_hold).length;
      out.log(`  ${t.slug}: ${due.length} Vorgänge (A ${by('A')}, B ${by('B')}, V ${by('V')}; gesperrt ${held})`);
      for (const c of due.slice(0, 20)) {
        out.log(`    ${c.case_number}  fällig seit ${new Date(c.due_at).toISOString().slice(0, 10)}  ${c.appraisal}${c.on_hold ? '  gesperrt' : ''}`);
      }
      if (due.length > 20) out.log(`    … und ${due.length - 20} weitere`);
    }
  });
  return 0;
}

/**
 * `retention run [--tenant slug] [--as-of YYYY-MM-DD]`: proposes destruction lists as the server's
 * daily job does, on a set clock for tests and drills. Prints list numbers and counts only.
 */
export async function retentionRun(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, { tenant: { type: 'string' }, 'as-of': { type: 'string' } });
  const asOf = parseAsOf(values['as-of']);
  await withCliDatabase(config, async (db) => {
    const slug = values.tenant as string | undefined;
    const tenant = slug ? await findTenantBySlug(db, slug) : undefined;
    if (slug && !tenant) throw new UsageError(`Die Kommune „${slug}“ (--tenant) gibt es nicht.`);
    const tenants = tenant ? [tenant] : await listTenants(db);
    out.log(`Aussonderungslauf mit Stichtag ${asOf.toISOString().slice(0, 10)}:`);
    const proposals = new Map((await proposeLists(db, asOf, tenants.map((t) => t.id))).map((p) => [p.tenantId, p]));
    for (const t of tenants) {
      const p = proposals.get(t.id);
      out.log(p
        ? `  ${t.slug}: Aussonderungsliste ${p.number} vorgeschlagen, ${p.cases} Vorgänge (davon ${p.waiting} warten auf das Archivangebot)`
        : `  ${t.slug}: keine neue Liste (nichts fällig, oder eine Liste ist noch in Prüfung)`);
    }
  });
  return 0;
}
