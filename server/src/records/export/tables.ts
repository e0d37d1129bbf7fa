import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';

/**
 * What the tenant export holds, discovered from the database catalog rather than listed in code:
 * every table with a tenant_id column, every column of it. A column another change adds (the event
 * format grows) is exported and imported without touching this module. Only the exceptions are
 * listed here, each with its reason (docs/records.md, "Tenant export").
 */

/** Tables not exported: credentials, short-lived state, derived data, the export's own bookkeeping. */
export const EXCLUDED_TABLES: Record<string, string> = {
  sessions: 'Anmeldesitzungen (geheime Tokens, kurzlebig)',
  portal_sessions: 'Sitzungen im Bürgerportal (geheime Tokens, kurzlebig)',
  portal_login_links: 'Anmeldelinks im Bürgerportal (geheime Tokens, kurzlebig)',
  oidc_login_states: 'laufende OIDC-Anmeldungen (kurzlebig)',
  api_tokens: 'API-Schlüssel (Geheimnisse; in der neuen Installation neu ausstellen)',
  fachverfahren_access_tokens: 'Zugriffstoken der Fachverfahren (geheim, kurzlebig)',
  outbox: 'Zustellaufträge an Drittsysteme (technisch, dürfen nicht doppelt zugestellt werden)',
  case_counts: 'Zähler, werden aus den Vorgängen neu gebildet',
  case_count_deltas: 'Zähler, werden aus den Vorgängen neu gebildet',
  tenant_exports: 'die Exportaufträge selbst',
  rate_limits: 'Zugriffsbegrenzung (technisch)',
  tenant_usage: 'Speichermessung für den Plattformbetrieb, wird neu gemessen',
  platform_audit: 'Protokoll des Plattformbetriebs (gehört der Installation, nicht der Kommune)',
  case_grants: 'Freigaben für andere Kommunen (Vereinbarungen gelten nur in dieser Installation; die Historie nennt sie)',
};

/**
 * Signed checkpoints are exported, but not imported as rows: they are signed with the old
 * installation's key and written only through definer functions. The importer hands them out as a
 * file for `audit verify --checkpoints … --public-key …`.
 */
export const NOT_IMPORTED_TABLES = new Set(['audit_checkpoints']);

/**
 * Columns left out: password hashes, invitation tokens and the secrets of connections to other
 * systems. The importer leaves them empty; connections whose secret is required are imported
 * switched off (DISABLE_WITHOUT_SECRET) and listed, so the admin enters the secret again.
 */
export const SECRET_COLUMNS: Record<string, string[]> = {
  users: ['password_hash', 'invite_token_hash', 'invite_expires_at'],
  webhooks: ['secret'],
  // Imported without a secret: the admin issues a new one (Verwaltung › Fachverfahren).
  fachverfahren_clients: ['secret_hash'],
  mailbox_settings: ['external_token', 'webhook_secret'],
  postfach_settings: ['client_secret', 'signing_key'],
  fit_connect_destinations: ['private_jwk', 'callback_secret', 'signing_jwk'],
};

/** Values the importer puts into secret columns that cannot be empty, and the switch it turns off. */
export const DISABLE_WITHOUT_SECRET: Record<string, { column: string; placeholder: Record<string, unknown> }> = {
  webhooks: { column: 'active', placeholder: { secret: '' } },
  fit_connect_destinations: { column: 'active', placeholder: { private_jwk: {} } },
  postfach_settings: { column: 'enabled', placeholder: {} },
};

export interface ColumnInfo {
  name: string;
  /** udt name, usable in a cast (uuid, int8, timestamptz, …). */
  type: string;
  /** Computed by the database (generated columns, identity ALWAYS): exported, never inserted. */
  computed: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** Tables this one refers to (foreign keys, without itself). */
  references: string[];
  /** Column pairs of foreign keys to itself (messages.in_reply_to → messages.id). */
  selfReferences: Array<{ column: string; target: string }>;
  /** Rows belong to a case: the table has case_id referring to cases. */
  caseScoped: boolean;
}

export interface ExportPlan {
  /** The platform's tenants table (one row per export). */
  tenants: TableInfo;
  /** Before the cases: settings, org units, users, services … (nothing here depends on a case). */
  before: TableInfo[];
  /** The tables whose rows go into each case's JSON, in insert order (cases first). */
  perCase: TableInfo[];
  /** After the cases: tables that refer to case rows without belonging to one case. */
  after: TableInfo[];
}

/** Reads the catalog (visible to the app role) and orders the tenant's tables for export and import. */
export async function discoverTables(trx: Trx): Promise<ExportPlan> {
  const columns = await sql<{ table_name: string; column_name: string; udt_name: string; is_generated: string; identity_generation: string | null }>`
    select c.table_name, c.column_name, c.udt_name, c.is_generated, c.identity_generation
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(trx);
  const keys = await sql<{ table_name: string; columns: string[] }>`
    select t.relname as table_name, array_agg(a.attname::text order by k.ord) as columns
    from pg_index i join pg_class t on t.oid = i.indrelid
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
    where i.indisprimary and t.relnamespace = 'public'::regnamespace
    group by t.relname`.execute(trx);
  const foreign = await sql<{ table_name: string; target: string; column_name: string; target_column: string }>`
    select c.conrelid::regclass::text as table_name, c.confrelid::regclass::text as target,
           a.attname::text as column_name, af.attname::text as target_column
    from pg_constraint c
    cross join lateral unnest(c.conkey, c.confkey) as k(con, ref)
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.con
    join pg_attribute af on af.attrelid = c.confrelid and af.attnum = k.ref
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace`.execute(trx);

  const tables = new Map<string, TableInfo>();
  for (const c of columns.rows) {
    let table = tables.get(c.table_name);
    if (!table) {
      table = { name: c.table_name, columns: [], primaryKey: [], references: [], selfReferences: [], caseScoped: false };
      tables.set(c.table_name, table);
    }
    table.columns.push({ name: c.column_name, type: c.udt_name, computed: c.is_generated === 'ALWAYS' || c.identity_generation === 'ALWAYS' });
  }
  for (const k of keys.rows) {
    const table = tables.get(k.table_name);
    if (table) table.primaryKey = k.columns;
  }
  for (const f of foreign.rows) {
    const table = tables.get(f.table_name);
    if (!table) continue;
    if (f.target === f.table_name) table.selfReferences.push({ column: f.column_name, target: f.target_column });
    else if (!table.references.includes(f.target)) table.references.push(f.target);
    if (f.target === 'cases' && f.column_name === 'case_id') table.caseScoped = true;
  }
  const exported = [...tables.values()].filter((t) => t.name !== 'tenants' && t.columns.some((c) => c.name === 'tenant_id') && !(t.name in EXCLUDED_TABLES));
  for (const t of exported) {
    if (t.primaryKey.length === 0) throw new Error(`export: table ${t.name} has no primary key to page by`);
  }
  return { tenants: tables.get('tenants')!, ...planOrder(exported) };
}

function planOrder(exported: TableInfo[]): Omit<ExportPlan, 'tenants'> {
  const names = new Set(exported.map((t) => t.name));
  const byName = new Map(exported.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: TableInfo) => {
    if (state.get(t.name) === 'done') return;
    if (state.get(t.name) === 'visiting') throw new Error(`export: foreign keys form a cycle at ${t.name}`);
    state.set(t.name, 'visiting');
    for (const target of t.references) if (names.has(target)) visit(byName.get(target)!);
    state.set(t.name, 'done');
    ordered.push(t);
  };
  [...exported].sort((a, b) => a.name.localeCompare(b.name)).forEach(visit);
  const dependsOnCases = new Map<string, boolean>();
  const depends = (t: TableInfo): boolean => {
    if (t.name === 'cases') return true;
    if (!dependsOnCases.has(t.name)) {
      dependsOnCases.set(t.name, t.references.some((r) => byName.has(r) && depends(byName.get(r)!)));
    }
    return dependsOnCases.get(t.name)!;
  };
  return {
    before: ordered.filter((t) => !depends(t)),
    perCase: ordered.filter((t) => t.name === 'cases' || t.caseScoped),
    after: ordered.filter((t) => t.name !== 'cases' && depends(t)),
  };
}
