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
  return Number(berlinYear.format(at));
}
// Building a formatter costs far more than using one; this runs for every new case.
const berlinYear = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', year: 'numeric' });

/**
 * The statement that draws n numbers of a year and returns the last one (`last_seq`). It locks the
 * tenant's counter row for that year until the transaction ends: that is what keeps numbers gap-free.
 * Used alone or as a CTE of a bigger statement.
 */
export function drawNumbers(tenantId: string, year: number, n: number) {
  return sql`insert into case_number_counters (tenant_id, year, last_seq) values (${tenantId}, ${year}, ${n})
      on conflict (tenant_id, year) do update set last_seq = case_number_counters.last_seq + ${n}
      returning last_seq`;
}

/** Numbers drawn but not used go back while the counter row is still locked: no gap. */
export async function giveBackNumbers(trx: Trx, tenantId: string, year: number, count: number): Promise<void> {
  if (count > 0) await sql`update case_number_counters set last_seq = last_seq - ${count} where tenant_id = ${tenantId} and year = ${year}`.execute(trx);
}

/**
 * Draws one sequence number per entry of `years` (in that order) with one statement per distinct
 * year, years in ascending order so that two batches never wait on each other crosswise.
 */
export async function drawSequences(trx: Trx, tenantId: string, years: number[]): Promise<number[]> {
  const counts = new Map<number, number>();
  for (const year of years) counts.set(year, (counts.get(year) ?? 0) + 1);
  const next = new Map<number, number>();
  for (const [year, n] of [...counts].sort(([a], [b]) => a - b)) {
    const result = await sql<{ last_seq: number }>`${drawNumbers(tenantId, year, n)}`.execute(trx);
    next.set(year, Number(result.rows[0]!.last_seq) - n + 1);
  }
  return years.map((year) => {
    const seq = next.get(year)!;
    next.set(year, seq + 1);
    return seq;
  });
}
