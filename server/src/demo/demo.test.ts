import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp } from '../../test/app.js';
import { withPlatform, withTenant } from '../db/database.js';
import type { FormItem } from '../db/schema.js';
import { resolveApiToken } from '../auth/api-tokens.js';
import { verifyPassword } from '../auth/passwords.js';
import { CASE_STATUSES } from '../cases/lifecycle.js';
import { verifyTenantChain } from '../events/verify.js';
import { findTenantBySlug } from '../tenants/provision.js';
import { DEFAULT_DEMO_CASES, seedDemo } from './seed.js';
import { DEMO_SERVICES, DEMO_USERS } from './catalog.js';
import { coverAllStatuses } from './case-plan.js';

describe('demo case plan', () => {
  it('covers every status even with few cases, keeping the list length', () => {
    for (const input of [Array(9).fill('new'), [...Array(6).fill('closed'), 'accepted', 'decided', 'new', 'new', 'closed', 'rejected']]) {
      const out = coverAllStatuses(input);
      assert.equal(out.length, input.length);
      for (const status of CASE_STATUSES) assert.ok(out.includes(status), `${status} missing in ${out.join(',')}`);
    }
  });

  it('terminates with fewer cases than statuses (AMTSDESK_DEMO_CASES=5), covering as many as it can', () => {
    const out = coverAllStatuses(['new', 'new', 'new', 'closed', 'closed']);
    assert.equal(out.length, 5);
    assert.equal(new Set(out).size, 5);
  });
});

const depth = (items: FormItem[]): number => Math.max(0, ...items.map((i) => 1 + depth(i.formItems ?? [])));

describeEachDatabase('demo data „Musterstadt“', (t) => {
  const now = new Date();
  let seeded: Awaited<ReturnType<typeof seedDemo>>;

  // The start command seeds DEFAULT_DEMO_CASES (200); fewer here keep the suite fast on a shared CPU.
  const caseCount = 60;

  it('creates the municipality, its units and services with LeiKa keys, and cases in every status', async () => {
    assert.equal(DEFAULT_DEMO_CASES, 200);
    seeded = await seedDemo(t.db, { publicUrl: 'http://localhost:3000', now, caseCount });
    assert.equal(seeded.created, true);
    const tenant = await findTenantBySlug(t.db, 'musterstadt');
    assert.deepEqual([tenant?.name, tenant?.kind, tenant?.ags], ['Musterstadt', 'city', '01002000']);
    const tenantId = tenant!.id;
    const { units, services, cases } = await withTenant(t.db, { tenantId }, async (trx) => ({
      units: await trx.selectFrom('org_units').select(['name', 'short_code']).execute(),
      services: await trx.selectFrom('services').select(['name', 'leika_key', 'org_unit_id']).execute(),
      cases: await trx.selectFrom('cases').select(['status', 'assignee_id', 'received_at', 'form_data', 'applicant_name', 'case_number']).execute(),
    }));
    assert.deepEqual(units.map((u) => u.name).sort(), ['Bauamt', 'Bürgerbüro', 'Ordnungsamt', 'Standesamt', 'Steueramt']);
    assert.ok(units.every((u) => /^[A-Z]{2,4}$/.test(u.short_code)));
    assert.ok(services.length >= 10);
    assert.ok(services.every((s) => /^\d{14}$/.test(s.leika_key) && s.org_unit_id));
    assert.ok(services.some((s) => s.leika_key === '99050012104000' && s.name === 'Gewerbeanmeldung'));

    assert.equal(cases.length, caseCount);
    for (const status of CASE_STATUSES) assert.ok(cases.some((c) => c.status === status), `no case in status ${status}`);
    assert.ok(cases.filter((c) => c.assignee_id).length >= 6, 'some cases are assigned');
    const oldest = Math.min(...cases.map((c) => new Date(c.received_at).getTime()));
    assert.ok(now.getTime() - oldest <= 90 * 24 * 3600 * 1000 && now.getTime() - oldest > 30 * 24 * 3600 * 1000);
    const forms = cases.map((c) => c.form_data as unknown as FormItem[]);
    assert.ok(forms.some((f) => depth(f) >= 3), 'nested groups (e.g. several dogs)');
    assert.ok(forms.some((f) => JSON.stringify(f).includes('"dateValue"') && JSON.stringify(f).includes('"booleanValue"')));
    assert.ok(cases.some((c) => /ü|ö|ä|ß/.test(c.applicant_name)), 'German names');
    assert.ok(cases.every((c) => /^[A-Z]{2,4}-\d{4}-\d+$/.test(c.case_number)));
  });

  it('the caseworkers have notes and follow-ups on their cases, some overdue, some due soon, shown on the dashboard', async () => {
    assert.ok(seeded.created);
    const { tenantId } = seeded;
    const { app, close } = await createTestApp(t.db);
    try {
      for (const key of ['sachbearbeitung1', 'sachbearbeitung2'] as const) {
        const demo = DEMO_USERS.find((u) => u.key === key)!;
        const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: 'musterstadt', email: demo.email, password: demo.password } });
        assert.equal(login.statusCode, 200, login.body);
        const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]! };
        const mine = (await app.inject({ method: 'GET', url: '/api/follow-ups?state=open', headers })).json().items as { overdue: boolean; dueDate: string; case: { status: string } }[];
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now);
        assert.ok(mine.filter((f) => f.overdue).length >= 1, `${key}: an overdue follow-up`);
        assert.ok(mine.some((f) => !f.overdue && f.dueDate >= today), `${key}: one due soon`);
        assert.ok(mine.every((f) => ['accepted', 'in_progress', 'reopened'].includes(f.case.status)), 'on cases being worked on');
        const dashboard = (await app.inject({ method: 'GET', url: '/api/stats/dashboard', headers })).json();
        assert.ok(dashboard.overdueFollowUps >= 1, `${key}: the dashboard counts overdue follow-ups`);
      }
      const counts = await withTenant(t.db, { tenantId }, async (trx) => ({
        notes: (await trx.selectFrom('notes').select('author_id').execute()).length,
        noteEvents: (await trx.selectFrom('case_events').select('id').where('type', '=', 'note.added').execute()).length,
        followUpEvents: (await trx.selectFrom('case_events').select('id').where('type', '=', 'follow_up.created').execute()).length,
        followUps: (await trx.selectFrom('follow_ups').select('id').execute()).length,
      }));
      assert.ok(counts.notes >= 2 && counts.followUps >= 4, JSON.stringify(counts));
      assert.deepEqual([counts.noteEvents, counts.followUpEvents], [counts.notes, counts.followUps], 'each one in the history');
    } finally {
      await close();
    }
  });

  it('the demo users sign in with the printed passwords, the intake token and operator work, the chain verifies', async () => {
    assert.ok(seeded.created);
    const { credentials, tenantId } = seeded;
    const users = await withTenant(t.db, { tenantId }, (trx) => trx.selectFrom('users').select(['email', 'password_hash', 'roles']).execute());
    for (const demo of DEMO_USERS) {
      const row = users.find((u) => u.email === demo.email);
      assert.ok(row, demo.email);
      assert.match(row.password_hash!, /^\$argon2id\$/);
      assert.equal(await verifyPassword(row.password_hash, credentials.users.find((u) => u.email === demo.email)!.password), true);
      assert.deepEqual(row.roles, demo.roles);
    }
    const token = await resolveApiToken(t.db, credentials.intakeToken.token);
    assert.deepEqual([token?.tenantId, token?.scopes], [tenantId, ['intake:submit']]);
    const operator = await withPlatform(t.db, (trx) => trx.selectFrom('operators').select('password_hash').where('email', '=', credentials.operator.email).executeTakeFirst());
    assert.equal(await verifyPassword(operator?.password_hash, credentials.operator.password), true);
    const report = await verifyTenantChain(t.db, tenantId);
    assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 3)));

    const { app, close } = await createTestApp(t.db);
    const poststelle = credentials.users.find((u) => u.role === 'intake')!;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: 'musterstadt', email: poststelle.email, password: poststelle.password } });
    assert.equal(login.statusCode, 200, login.body);
    await close();
  });

  it('has an approval template for every demo service and a rejection for all', async () => {
    assert.ok(seeded.created);
    const { templates, services } = await withTenant(t.db, { tenantId: seeded.tenantId }, async (trx) => ({
      templates: await trx.selectFrom('decision_templates').select(['service_id', 'kind', 'body']).execute(),
      services: await trx.selectFrom('services').select(['id', 'leika_key']).execute(),
    }));
    assert.equal(services.length, DEMO_SERVICES.length);
    for (const service of services) {
      assert.ok(templates.some((tpl) => tpl.service_id === service.id && tpl.kind === 'approval'), `no approval template for ${service.leika_key}`);
    }
    assert.ok(templates.some((tpl) => tpl.service_id === null && tpl.kind === 'rejection'), 'a rejection template for all services');
  });

  it('the history agrees with the cases: it starts at the received date, runs in time order up to today, and verifies', async () => {
    assert.ok(seeded.created);
    const { cases, events } = await withTenant(t.db, { tenantId: seeded.tenantId }, async (trx) => ({
      cases: await trx.selectFrom('cases').select(['id', 'received_at', 'updated_at', 'status', 'closed_at']).execute(),
      events: await trx.selectFrom('case_events').select(['seq', 'case_id', 'type', 'occurred_at', 'data']).orderBy('seq').execute(),
    }));
    for (const kase of cases) {
      const own = events.filter((e) => e.case_id === kase.id);
      assert.equal(own[0]?.type, 'case.created');
      assert.equal(new Date(own[0]!.occurred_at).getTime(), new Date(kase.received_at).getTime(), 'received date = time of „Antrag eingegangen“');
      const last = own.filter((e) => ['case.created', 'case.status_changed', 'case.assigned'].includes(e.type)).at(-1)!;
      assert.equal(new Date(kase.updated_at).getTime(), new Date(last.occurred_at).getTime(), 'last change = time of its last change event');
      const closing = own.filter((e) => e.type === 'case.status_changed' && (e.data as { status?: { to?: string } }).status?.to === 'closed').at(-1);
      if (kase.status === 'closed') {
        assert.equal(new Date(kase.closed_at!).getTime(), new Date(closing!.occurred_at).getTime(), 'retention runs from the closing the history shows');
      }
    }
    const times = events.map((e) => new Date(e.occurred_at).getTime());
    assert.ok(times.every((time, i) => i === 0 || time >= times[i - 1]!), 'chain in time order');
    assert.ok(times.at(-1)! <= now.getTime(), 'nothing after the demo’s today');
    assert.ok(now.getTime() - times[0]! > 90 * 24 * 3600 * 1000, 'the municipality was set up before its first application');
    assert.equal((await verifyTenantChain(t.db, seeded.tenantId)).ok, true);
  });

  it('processing times look like an office’s: the dashboard median is days, not zero', async () => {
    assert.ok(seeded.created);
    const { app, close } = await createTestApp(t.db);
    try {
      const poststelle = seeded.credentials.users.find((u) => u.role === 'intake')!;
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: 'musterstadt', email: poststelle.email, password: poststelle.password } });
      const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]! };
      const rows = (await app.inject({ method: 'GET', url: '/api/stats/dashboard', headers })).json().medianProcessingDaysByService as { name: string; medianDays: number }[];
      assert.ok(rows.length >= 5, JSON.stringify(rows));
      assert.ok(rows.every((r) => r.medianDays > 0), `a median of 0: ${JSON.stringify(rows)}`);
      const medians = rows.map((r) => r.medianDays).sort((a, b) => a - b);
      assert.ok(medians[Math.floor(medians.length / 2)]! >= 3, `typical median in days: ${medians.join(', ')}`);
    } finally {
      await close();
    }
  });

  it('is idempotent: a second run changes nothing', async () => {
    const again = await seedDemo(t.db, { publicUrl: 'http://localhost:3000' });
    assert.deepEqual(again, { created: false, tenantId: seeded.tenantId });
    const count = await withTenant(t.db, { tenantId: seeded.tenantId }, (trx) =>
      trx.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    );
    assert.equal(Number(count.n), caseCount);
  });
});
