import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import { SECRET_COLUMNS, type TableInfo } from './tables.js';

export type Row = Record<string, unknown>;

const ident = (name: string) => sql.id(name);

/**
 * One page of a table's rows as JSON, exactly as PostgreSQL renders them (to_jsonb): timestamps
 * keep their microseconds, bigints their digits, so an import writes back identical values.
 * Keyset-paged by primary key; `after` is the previous page's last key (as text).
 */
export async function rowPage(
  trx: Trx,
  table: TableInfo,
  options: { after?: string[]; limit: number; where?: ReturnType<typeof sql> },
): Promise<{ rows: Row[]; lastKey?: string[] }> {
  const key = sql.join(table.primaryKey.map((c) => sql`t.${ident(c)}`));
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  const conditions = [sql`true`];
  if (options.where) conditions.push(options.where);
  if (options.after) {
    const values = sql.join(table.primaryKey.map((c, i) => sql`cast(${options.after![i]} as ${sql.raw(types.get(c)!)})`));
    conditions.push(sql`(${key}) > (${values})`);
  }
  const keyText = sql.join(table.primaryKey.map((c) => sql`t.${ident(c)}::text`));
  const result = await sql<{ row: Row; key: string[] }>`
    select to_jsonb(t) as row, array[${keyText}] as key from ${ident(table.name)} t
    where ${sql.join(conditions, sql` and `)} order by ${key} limit ${options.limit}`.execute(trx);
  const rows = result.rows.map((r) => exportedRow(table, r.row));
  return { rows, lastKey: result.rows.at(-1)?.key };
}

/** Rows of case-scoped tables for a set of cases (one page of cases). */
export async function rowsOfCases(trx: Trx, table: TableInfo, caseIds: string[], extra?: ReturnType<typeof sql>): Promise<Row[]> {
  if (caseIds.length === 0) return [];
  const key = sql.join(table.primaryKey.map((c) => sql`t.${ident(c)}`));
  const result = await sql<{ row: Row }>`
    select to_jsonb(t) as row from ${ident(table.name)} t
    where t.case_id = any(cast(string_to_array(${caseIds.join(',')}, ',') as uuid[])) ${extra ? sql`and ${extra}` : sql``} order by ${key}`.execute(trx);
  return result.rows.map((r) => exportedRow(table, r.row));
}

/** Drops what the archive must not hold (secrets) and what the database computes anew (generated columns, identities). */
function exportedRow(table: TableInfo, row: Row): Row {
  const drop = new Set([...(SECRET_COLUMNS[table.name] ?? []), ...table.columns.filter((c) => c.computed).map((c) => c.name)]);
  if (drop.size === 0) return row;
  const copy: Row = {};
  for (const [k, v] of Object.entries(row)) if (!drop.has(k)) copy[k] = v;
  return copy;
}

/** Inserts rows generically: every column the table has, values converted by PostgreSQL itself. */
export async function insertRows(trx: Trx, table: TableInfo, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = table.columns.filter((c) => !c.computed).map((c) => ident(c.name));
  const list = sql.join(columns);
  await sql`insert into ${ident(table.name)} (${list})
    select ${list} from jsonb_populate_recordset(null::${ident(table.name)}, cast(${JSON.stringify(rows)} as jsonb))`.execute(trx);
}
