import type pg from 'pg';
import { uuidv7 } from '../../server/src/shared/ids.js';
import { SERVICE_DEADLINES, withGrants, type GrantRule } from './sharing-seed.js';
import { RUNNING_STATUSES } from '../../server/src/deadlines/repository.js';
import { CITIES, FIRST_NAMES, LAST_NAMES, ORG_UNITS, SERVICES, STATUSES_MONTHS, STATUSES_OLD, STATUSES_RECENT, STREETS, WORDS, sqlArray } from './vocabulary.js';

/**
 * Set-based generation of benchmark data, run as the superuser on a throwaway server.
 * Cases are inserted with INSERT … SELECT over generate_series (the generated search_vector is
 * computed by PostgreSQL on insert); the secondary indexes of cases are dropped before and
 * rebuilt after the load, which is how a bulk import would be done in production too.
 */

export interface TenantFixture {
  tenantNo: number;
  tenantId: string;
  slug: string;
  /** deadlineDays: the processing time in working days (null: none), as SERVICE_DEADLINES sets it. */
  services: Array<{ id: string; name: string; orgUnitId: string; code: string; deadlineDays: number | null }>;
  orgUnitIds: string[];
  userIds: string[];
  caseworkerId: string;
}

const q = (v: string) => `'${v.replace(/'/g, "''")}'`;

export async function createTenantFixture(pool: pg.Pool, tenantNo: number): Promise<TenantFixture> {
  const tenantId = uuidv7();
  const slug = `bench-${tenantNo}`;
  const units = ORG_UNITS.map(([name, code]) => ({ id: uuidv7(), name, code }));
  const services = SERVICES.map(([name, unit], i) => ({ id: uuidv7(), name, orgUnitId: units[unit]!.id, code: units[unit]!.code, leika: `99${String(tenantNo * 100 + i).padStart(12, '0')}`,
    deadlineDays: SERVICE_DEADLINES[i]?.days ?? null, deadlineKind: SERVICE_DEADLINES[i]?.kind ?? 'target', deemed: SERVICE_DEADLINES[i]?.deemed ?? false }));
  const users = Array.from({ length: 25 }, (_, i) => ({ id: uuidv7(), name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7) % LAST_NAMES.length]}` }));
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`insert into tenants (id, slug, name, kind, ags) values ($1, $2, $3, 'municipality', '01002000')`, [tenantId, slug, `Benchstadt ${tenantNo}`]);
    await client.query(`insert into org_units (id, tenant_id, name, short_code) values ${units.map((u) => `(${q(u.id)}, ${q(tenantId)}, ${q(u.name)}, ${q(u.code)})`).join(',')}`);
    await client.query(`insert into services (id, tenant_id, leika_key, name, org_unit_id, deadline_working_days, deadline_kind, deemed_approval) values ${services
      .map((s) => `(${q(s.id)}, ${q(tenantId)}, ${q(s.leika)}, ${q(s.name)}, ${q(s.orgUnitId)}, ${s.deadlineDays ?? 'NULL'}, ${q(s.deadlineKind)}, ${s.deemed})`).join(',')}`);
    await client.query(`insert into users (id, tenant_id, email, display_name, roles) values ${users
      .map((u, i) => `(${q(u.id)}, ${q(tenantId)}, ${q(`sb${i}@bench${tenantNo}.example.org`)}, ${q(u.name)}, '{caseworker}')`).join(',')}`);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
  return { tenantNo, tenantId, slug, services: services.map(({ id, name, orgUnitId, code, deadlineDays }) => ({ id, name, orgUnitId, code, deadlineDays })), orgUnitIds: units.map((u) => u.id), userIds: users.map((u) => u.id), caseworkerId: users[0]!.id };
}

const pick = (array: string, length: number, random: string) => `(${array})[1 + floor(${random} * ${length})::int]`;

/**
 * Cases lo..hi (1-based) of a tenant that gets n cases spread over the last two years, with their
 * deadlines, and the grants of those its agreements hand to another municipality (`grants`).
 */
export function caseChunkSql(f: TenantFixture, lo: number, hi: number, n: number, start: Date, grants?: GrantRule[]): string {
  return withGrants(f.tenantId, caseInsertSql(f, lo, hi, n, start), grants, RUNNING_STATUSES);
}

function caseInsertSql(f: TenantFixture, lo: number, hi: number, n: number, start: Date): string {
  const spanSeconds = 730 * 86400;
  const svc = (key: 'id' | 'name' | 'orgUnitId' | 'code') => sqlArray(f.services.map((s) => s[key]));
  const words = sqlArray(WORDS);
  const w = (r: string) => pick(words, WORDS.length, r);
  const status = (arr: string[]) => pick(sqlArray(arr), arr.length, 'v.rs');
  return `
INSERT INTO cases (id, tenant_id, case_number, service_id, org_unit_id, status, assignee_id, priority, version, title,
                   applicant, applicant_name, form_data, channel, transaction_id, received_at, updated_at, closed_at,
                   due_on, deadline_paused_on)
SELECT
  (substr(x.ts,1,8)||'-'||substr(x.ts,9,4)||'-7'||substr(x.sx,1,3)||'-8'||substr(x.sx,4,3)||'-'||substr(x.sx,7,12))::uuid,
  '${f.tenantId}'::uuid,
  (${svc('code')})[v.k] || '-' || to_char(x.received_at, 'YYYY') || '-' || lpad(g.i::text, 7, '0'),
  (${svc('id')})[v.k]::uuid,
  (${svc('orgUnitId')})[v.k]::uuid,
  x.status,
  CASE WHEN x.status = 'new' OR v.ra < 0.25 THEN NULL ELSE ${pick(sqlArray(f.userIds), f.userIds.length, 'v.ru')}::uuid END,
  CASE WHEN v.rp < 0.08 THEN 'high' WHEN v.rp < 0.15 THEN 'low' ELSE 'normal' END,
  CASE WHEN x.status = 'new' THEN 1 ELSE 2 + floor(v.rv * 4)::int END,
  (${svc('name')})[v.k],
  jsonb_build_object('kind', 'person', 'firstName', x.first_name, 'lastName', x.last_name,
    'address', jsonb_build_object('street', x.street, 'houseNumber', (1 + floor(v.rh * 120))::int::text, 'postalCode', x.plz, 'city', x.city)),
  x.last_name || ', ' || x.first_name,
  jsonb_build_array(
    jsonb_build_object('name', 'anliegen', 'label', 'Anliegen', 'stringValue', ${w('v.w1')} || ' ' || ${w('v.w2')}),
    jsonb_build_object('name', 'angaben', 'label', 'Angaben zum Antrag', 'formItems', jsonb_build_array(
      jsonb_build_object('name', 'beschreibung', 'label', 'Beschreibung',
        'stringValue', 'Antrag wegen ' || ${w('v.w3')} || ' und ' || ${w('v.w4')} || ' in der ' || x.street || ', ' || x.city),
      jsonb_build_object('name', 'datum', 'label', 'Gewünschter Termin', 'dateValue', to_char(x.received_at + interval '14 days', 'YYYY-MM-DD')),
      jsonb_build_object('name', 'eilig', 'label', 'Eilbedürftig', 'booleanValue', v.rp < 0.08)))),
  ${pick("ARRAY['json','ozg','intelliform','fitconnect']", 4, 'v.rc')},
  NULL,
  x.received_at,
  x.received_at + make_interval(secs => v.rd * least(x.age_days, 60) * 86400),
  -- closed_at as the trigger (0036) sets it, which this insert bypasses: a later UPDATE of every closed case took 20 minutes at 5,000,000
  CASE WHEN x.status IN ('closed', 'deletion_requested') THEN x.received_at + make_interval(secs => v.rd * least(x.age_days, 60) * 86400) END,
  dl.due_on,
  -- A query to the applicant is open on 6 % of the running cases with a deadline: paused since a day after receipt.
  CASE WHEN dl.due_on IS NOT NULL AND x.status IN (${RUNNING_STATUSES.map((s) => `'${s}'`).join(',')}) AND v.rz < 0.06
       THEN least(current_date, dl.received_day + 1 + floor(v.ry * 15)::int) END
FROM generate_series(${lo}, ${hi}) AS g(i)
CROSS JOIN LATERAL (
  SELECT 1 + floor(random() * ${f.services.length} + g.i * 0)::int AS k, random() AS ra, random() AS ru, random() AS rp,
         random() AS rv, random() AS rh, random() AS rc, random() AS rd, random() AS rs, random() AS rj,
         random() AS rf, random() AS rl, random() AS rst, random() AS rci,
         random() AS w1, random() AS w2, random() AS w3, random() AS w4, random() AS rz, random() AS ry
) v
CROSS JOIN LATERAL (
  SELECT r.*, lpad(to_hex((extract(epoch FROM r.received_at) * 1000)::bigint), 12, '0') AS ts,
         CASE WHEN r.age_days < 14 THEN ${status(STATUSES_RECENT)}
              WHEN r.age_days < 90 THEN ${status(STATUSES_MONTHS)}
              ELSE ${status(STATUSES_OLD)} END AS status
  FROM (SELECT
    '${start.toISOString()}'::timestamptz + make_interval(secs => (g.i + 0.9 * v.rj) * ${spanSeconds}::float8 / ${n}) AS received_at,
    (${n} - g.i)::float8 * 730 / ${n} AS age_days,
    lpad(to_hex(${f.tenantNo}::bigint * 1099511627776 + g.i), 18, '0') AS sx,
    ${pick(sqlArray(FIRST_NAMES), FIRST_NAMES.length, 'v.rf')} AS first_name,
    ${pick(sqlArray(LAST_NAMES), LAST_NAMES.length, 'v.rl')} AS last_name,
    ${pick(sqlArray(STREETS), STREETS.length, 'v.rst')} AS street,
    ${pick(sqlArray(CITIES.map((c) => c[0])), CITIES.length, 'v.rci')} AS plz,
    ${pick(sqlArray(CITIES.map((c) => c[1])), CITIES.length, 'v.rci')} AS city) r
) x
-- The due day: the service's working days after the German day of receipt (server/src/deadlines/due.ts),
-- weekends skipped (a Saturday or Sunday counts from the Friday); public holidays are not skipped here.
CROSS JOIN LATERAL (
  SELECT b.received_day, b.days,
         b.base + b.days + 2 * ((b.days + b.dow - 1) / 5) AS due_on
  FROM (SELECT (x.received_at AT TIME ZONE 'Europe/Berlin')::date AS received_day,
               (x.received_at AT TIME ZONE 'Europe/Berlin')::date - greatest(extract(isodow FROM x.received_at AT TIME ZONE 'Europe/Berlin')::int - 5, 0) AS base,
               least(extract(isodow FROM x.received_at AT TIME ZONE 'Europe/Berlin')::int, 5) AS dow,
               (${sqlIntArray(f.services.map((s) => s.deadlineDays))})[v.k] AS days) b
) dl`;
}

const sqlIntArray = (values: Array<number | null>) => `ARRAY[${values.map((v) => v ?? 'NULL').join(',')}]::int[]`;

/** Secondary indexes of cases (not those behind constraints), so a bulk load can rebuild them. */
export async function secondaryCaseIndexes(pool: pg.Pool): Promise<Array<{ name: string; definition: string }>> {
  const { rows } = await pool.query<{ name: string; definition: string }>(`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = 'public' and tablename = 'cases'
      and indexname not in (select conname from pg_constraint where conrelid = 'cases'::regclass)`);
  return rows;
}

/** Runs the loads, at most `parallel` at once, each on its own connection with triggers (FK checks) off. */
export async function runChunks(pool: pg.Pool, chunks: Array<{ sql: string; rows: number }>, parallel: number, onDone: (rows: number) => void) {
  let next = 0;
  async function worker() {
    const client = await pool.connect();
    try {
      await client.query("set session_replication_role = replica");
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        await client.query(chunk.sql);
        onDone(chunk.rows);
      }
    } finally {
      await client.query('set session_replication_role = origin').catch(() => {});
      client.release();
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
}

export async function runParallel(pool: pg.Pool, statements: string[], parallel: number, onDone: (sql: string, ms: number) => void) {
  let next = 0;
  async function worker() {
    const client = await pool.connect();
    try {
      await client.query("set maintenance_work_mem = '1GB'");
      while (next < statements.length) {
        const statement = statements[next++]!;
        const t0 = performance.now();
        await client.query(statement);
        onDone(statement, performance.now() - t0);
      }
    } finally {
      client.release();
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
}
