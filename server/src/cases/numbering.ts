import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { AppError } from '../shared/errors.js';

export interface NumberParts {
  unit: string;
  year: number;
  seq: number;
}

const TOKEN = /\{(unit|yyyy|seq)(?::(\d{1,2}))?\}/g;

/** Renders a case number pattern: {unit}, {yyyy}, {seq} and {seq:N} (zero-padded to N digits). */
export function formatCaseNumber(pattern: string, parts: NumberParts): string {
  if (!pattern.includes('{seq')) {
    throw new AppError('internal', { internal: `case number pattern without {seq}: ${pattern}` });
  }
  return pattern.replace(TOKEN, (_, token: string, width?: string) => {
    if (token === 'unit') return parts.unit;
    if (token === 'yyyy') return String(parts.year);
    return width ? String(parts.seq).padStart(Number(width), '0') : String(parts.seq);
  });
}

/** Calendar year of a moment in German local time (a case received on 31 Dec 23:30 belongs to that year). */
export function germanYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(at));
}

/**
 * Draws the next sequence number of a tenant and year. The counter row stays locked until the
 * caller's transaction ends, so numbers are handed out strictly one after another, and a rolled
 * back case gives its number back: gap-free and duplicate-free under any concurrency.
 */
export async function nextSequence(trx: Trx, tenantId: string, year: number): Promise<number> {
  const result = await sql<{ last_seq: number }>`
    insert into case_number_counters (tenant_id, year, last_seq) values (${tenantId}, ${year}, 1)
    on conflict (tenant_id, year) do update set last_seq = case_number_counters.last_seq + 1
    returning last_seq`.execute(trx);
  return Number(result.rows[0]!.last_seq);
}

export async function nextCaseNumber(trx: Trx, tenantId: string, unitShortCode: string, receivedAt: Date): Promise<string> {
  return (await prepareCaseNumber(trx, tenantId, unitShortCode, receivedAt)).draw();
}

/**
 * Reads the tenant's pattern now; `draw()` takes the number (and the counter lock) later, so a
 * caller can do its reads before it starts to hold up the tenant's other new cases.
 */
export async function prepareCaseNumber(trx: Trx, tenantId: string, unitShortCode: string, receivedAt: Date): Promise<{ draw(): Promise<string> }> {
  const tenant = await trx.selectFrom('tenants').select('case_number_pattern').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const year = germanYear(receivedAt);
  return { draw: async () => formatCaseNumber(tenant.case_number_pattern, { unit: unitShortCode, year, seq: await nextSequence(trx, tenantId, year) }) };
}
