import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { call } from '../../test/case-kit.js';
import { acceptedAgreement, applyToAdorf, delegationWorld, type DelegationWorld } from '../../test/delegation-kit.js';
import { withTenant, type TenantScope } from '../db/database.js';

// Every tenant table that belongs to a case, as the database's catalogue knows it (not a list kept by hand).
const CASE_TABLES = `select c.table_name as name from information_schema.columns c
  join pg_class k on k.relname = c.table_name and k.relnamespace = 'public'::regnamespace and k.relrowsecurity
  where c.table_schema = 'public' and c.column_name = 'case_id'
    and exists (select 1 from information_schema.columns x where x.table_schema = 'public' and x.table_name = c.table_name and x.column_name = 'tenant_id')
  order by 1`;

/** An array literal (the test helper binds parameters as text on both engines). */
const pgArray = (items: string[]) => `{${items.join(',')}}`;

describeEachDatabase('delegation: a delegated transaction reaches the one granted case in every case table', (t) => {
  let w: DelegationWorld;
  before(async () => {
    w = await delegationWorld(t);
  });
  after(() => w.api.close());

  it('every table with tenant_id and case_id carries the restrictive delegation_scope policy', async () => {
    const tables = (await t.adminQuery<{ name: string }>(CASE_TABLES)).map((r) => r.name);
    assert.ok(tables.includes('case_participants') && tables.includes('processor_runs') && tables.includes('register_queries'), tables.join());
    const scoped = (await t.adminQuery<{ name: string }>(
      `select tablename as name from pg_policies where schemaname = 'public' and policyname = 'delegation_scope' and permissive = 'RESTRICTIVE'`,
    )).map((r) => r.name);
    assert.deepEqual(tables.filter((name) => !scoped.includes(name)), [], 'case tables without delegation_scope');
    assert.ok(scoped.includes('participant_shares'), 'shares follow their participant');
  });

  it('the restrictive policies bind the delegate role only, so an ordinary desk query is planned without them', async () => {
    const roles = await t.adminQuery<{ policy: string; roles: string }>(
      `select tablename || '.' || policyname as policy, roles::text as roles from pg_policies
       where schemaname = 'public' and permissive = 'RESTRICTIVE' and policyname in ('delegation_scope', 'delegation_closed')`);
    assert.ok(roles.length > 10, `policies found: ${roles.length}`);
    assert.deepEqual(roles.filter((r) => r.roles !== '{amtsdesk_delegate}'), [], 'restrictive delegation policies for other roles');
    // Their condition (an IS NULL test on a parameter, estimated at 0.5 %) made PostgreSQL sort every
    // matching case instead of walking an index for one page (docs/performance.md, run E).
    const plan = await withTenant(t.db, { tenantId: w.a.id }, async (trx) => (await sql<{ 'QUERY PLAN': string }>`explain select id from cases
      where tenant_id = ${w.a.id}::uuid order by received_at desc, id desc limit 51`.execute(trx)).rows.map((r) => r['QUERY PLAN']).join('\n'));
    assert.doesNotMatch(plan, /IS NULL|InitPlan/, plan);
  });

  it("B sees the participants, shares, processor runs and register queries of the shared case only, and of A's other case nothing", async () => {
    const agreement = await acceptedAgreement(w, 'assistance');
    const shared = await applyToAdorf(w, '99050012104000', 'Teilbar');
    const secret = await applyToAdorf(w, '99050012104000', 'Geheim');
    assert.equal((await call(w.app, 'POST', `/api/cases/${shared.id}/delegation-grants`, w.h.aWorker, { agreementId: agreement.id })).status, 201);
    const processorId = randomUUID();
    await t.adminQuery(`insert into processors (id, tenant_id, service_id, name, kind) values ($1, $2, $3, 'Plausibilität', 'plausibility')`,
      [processorId, w.a.id, w.aService.id]);
    const rows: Record<string, string> = {};
    for (const kase of [shared, secret]) {
      const participant = randomUUID();
      rows[kase.id] = participant;
      await t.adminQuery(`insert into case_participants (id, tenant_id, case_id, role, name, email, invited_by_name)
        values ($1, $2, $3, 'representative', 'RA Recht', 'ra@example.org', 'Arne Adorfer')`, [participant, w.a.id, kase.id]);
      await t.adminQuery(`insert into participant_shares (tenant_id, participant_id, item_kind, item_id, shared_by_name)
        values ($1, $2, 'attachment', $3, 'Arne Adorfer')`, [w.a.id, participant, randomUUID()]);
      await t.adminQuery(`insert into processor_runs (id, tenant_id, case_id, processor_id, trigger, started_by)
        values ($1, $2, $3, $4, 'manual', 'Arne Adorfer')`, [randomUUID(), w.a.id, kase.id, processorId]);
      await t.adminQuery(`insert into register_queries (id, tenant_id, case_id, actor_id, actor_name, register, query_kind, legal_basis, purpose, hits)
        values ($1, $2, $3, $4, 'Arne Adorfer', 'residents', 'search', '§ 34 BMG', 'Prüfung der Anschrift', 1)`, [randomUUID(), w.a.id, kase.id, w.people.aWorker.id]);
    }
    // A's FIT-Connect destination: its private key and (0060) OAuth client secret.
    await t.adminQuery(`insert into fit_connect_destinations (id, tenant_id, destination_id, submission_api_url, private_jwk, token_url, client_id, client_secret)
      values ($1, $2, $3, 'https://submission-api.example.org', '{"kty":"RSA"}', 'https://auth.example.org/token', 'adorf', 'geheim')`, [randomUUID(), w.a.id, randomUUID()]);
    const tables = (await t.adminQuery<{ name: string }>(CASE_TABLES)).map((r) => r.name);
    const caseIdsIn = (scope: TenantScope) => withTenant(t.db, scope, async (trx) => {
      const seen: Record<string, string[]> = {};
      for (const table of tables) {
        const found = await sql<{ case_id: string }>`select distinct case_id from ${sql.table(table)}`.execute(trx);
        seen[table] = found.rows.map((r) => r.case_id).filter((id) => id === shared.id || id === secret.id).sort();
      }
      const shares = await sql<{ participant_id: string }>`select participant_id from participant_shares`.execute(trx);
      const processors = await sql<{ n: number }>`select count(*)::int as n from processors`.execute(trx);
      const destinations = await sql<{ n: number }>`select count(*)::int as n from fit_connect_destinations`.execute(trx);
      return { seen, shares: shares.rows.map((r) => r.participant_id), processors: processors.rows[0]!.n, destinations: destinations.rows[0]!.n };
    });

    // With the grant: exactly the shared case, in every case table; secrets of A's configuration closed.
    const delegated = await caseIdsIn({ tenantId: w.a.id, delegation: { actingTenantId: w.b.id, caseId: shared.id } });
    for (const table of ['case_participants', 'processor_runs', 'register_queries']) assert.deepEqual(delegated.seen[table], [shared.id], table);
    for (const [table, ids] of Object.entries(delegated.seen)) assert.ok(ids.every((id) => id === shared.id), `${table}: ${ids.join()}`);
    assert.deepEqual(delegated.shares, [rows[shared.id]]);
    assert.equal(delegated.processors, 0, "A's processors (with their secrets) are closed to B");
    assert.equal(delegated.destinations, 0, "A's FIT-Connect destinations (private key, client secret) are closed to B");

    // B as itself: nothing of A in any case table.
    const own = await caseIdsIn({ tenantId: w.b.id });
    assert.deepEqual(Object.entries(own.seen).filter(([, ids]) => ids.length), []);
    assert.deepEqual(own.shares, []);
    // B on A's other case, for which it holds no grant: the database does not let it in at all.
    await assert.rejects(caseIdsIn({ tenantId: w.a.id, delegation: { actingTenantId: w.b.id, caseId: secret.id } }), (e: { code?: string }) => e.code === 'not_found');
    // A itself sees both, as before.
    const owner = await caseIdsIn({ tenantId: w.a.id });
    assert.deepEqual(owner.seen.case_participants, [shared.id, secret.id].sort());
    assert.equal(owner.destinations, 1);
  });

  it('intake writing a batch of cases in one statement routes each case of the delegated service, with one trigger run per statement', async () => {
    await acceptedAgreement(w, 'service', w.aService.id);
    const template = await applyToAdorf(w, '99050012104001', 'Vorlage');
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    // As intake's group commit writes them (server/src/cases/creation-rows.ts): one INSERT for the batch.
    await t.adminQuery(`insert into cases (id, tenant_id, case_number, service_id, org_unit_id, status, title, applicant, applicant_name, form_data, channel, received_at, updated_at)
      select x.id, c.tenant_id, c.case_number || '-' || x.n, x.service, c.org_unit_id, 'new', c.title, c.applicant, c.applicant_name, c.form_data, c.channel, now(), now()
      from (select * from cases where id = $1) c, unnest($2::uuid[], $3::uuid[]) with ordinality x(id, service, n)`,
    [template.id, pgArray(ids), pgArray([w.aService.id, w.aService.id, w.aOther.id])]);
    const granted = await t.adminQuery<{ case_id: string; tenant_id: string; grantee_tenant_id: string; grantee_org_unit_id: string }>(
      'select case_id, tenant_id, grantee_tenant_id, grantee_org_unit_id from case_grants where case_id = any($1::uuid[]) order by case_id', [pgArray(ids)]);
    assert.deepEqual(granted, ids.slice(0, 2).sort().map((id) => ({ case_id: id, tenant_id: w.a.id, grantee_tenant_id: w.b.id, grantee_org_unit_id: w.bUnit.id })));
    assert.deepEqual(await t.adminQuery(`select action_orientation from information_schema.triggers
      where event_object_table = 'cases' and trigger_name = 'delegation_route_new_case'`), [{ action_orientation: 'STATEMENT' }]);
  });
});
