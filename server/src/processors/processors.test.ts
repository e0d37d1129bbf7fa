import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { createTenant, createUser } from '../../test/factories.js';
import { dogTaxForm } from '../../test/intake-kit.js';
import { startProcessorStandin } from '../../test/processor-standin.js';
import { verifyStandardWebhook } from '../../test/standard-webhooks-verifier.js';
import { startOutboxWorker } from '../main/outbox.js';
import type { AppInstance } from '../http/app-types.js';

const FAST = { outbox: { backoffBaseMs: 50, backoffMaxMs: 200 } };

/** A desk tenant with an admin, a caseworker, an intake key, and an application submitted over HTTP. */
async function world(t: { db: Parameters<typeof deskTenant>[0] }) {
  const desk = await deskTenant(t.db);
  const admin = await createUser(t.db, { tenant: desk.tenant, roles: ['admin'] });
  const adminHeaders = await sessionHeaders(t.db, admin);
  const intakeHeaders = await tokenHeaders(t.db, desk.tenant.id, ['intake:submit']);
  return { ...desk, adminHeaders, intakeHeaders };
}

async function submit(app: AppInstance, headers: Record<string, string>, serviceId: string) {
  const started = Date.now();
  const res = await call(app, 'POST', '/api/intake/applications', headers, {
    transactionId: `t-${Math.random().toString(36).slice(2)}`, serviceId,
    applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller-Lüdenscheidt', address: { street: 'Holstenstraße', houseNumber: '12a', postalCode: '24103', city: 'Kiel' } },
    formData: dogTaxForm(),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { caseId: res.body.caseId as string, ms: Date.now() - started };
}

async function runsOf(app: AppInstance, headers: Record<string, string>, caseId: string) {
  const res = await call(app, 'GET', `/api/cases/${caseId}/processor-runs`, headers);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items as Array<Record<string, any>>;
}

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (done(value)) return value;
    await sleep(25);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describeEachDatabase('processors', (t) => {
  it('a processor stand-in gets the signed application with attachment references; its results appear on the case, failed and severe first', async () => {
    const standin = await startProcessorStandin({
      kind: 'answer', body: {
        checks: [
          { passed: true, severity: 'info', message: 'Anschrift im Gemeindegebiet' },
          { passed: false, severity: 'warning', message: 'Rasse nicht angegeben', field: 'hund.rasse' },
          { passed: false, severity: 'error', message: 'Zweiter Hund: Nachweis der Haftpflicht fehlt' },
        ],
        extracted: { anzahlHunde: 2, gefaehrlich: true },
        suggestion: { action: 'request_info', message: 'Bitte reichen Sie den Haftpflichtnachweis nach.' },
      },
    });
    const h = await createTestApp(t.db, FAST);
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 20 });
    try {
      const w = await world(t);
      const created = await call(h.app, 'POST', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders, { name: 'Haftpflicht-Prüfung', kind: 'http', url: standin.url, timeoutMs: 2000 });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const secret = created.body.secret as string;
      assert.match(secret, /^whsec_/);
      const listed = await call(h.app, 'GET', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders);
      assert.equal(listed.body.items[0].secret, undefined, 'the secret is shown once only');

      const { caseId } = await submit(h.app, w.intakeHeaders, w.service.id);
      const [run] = await waitFor(() => runsOf(h.app, w.headers, caseId), (r) => r[0]?.status === 'done', 'the run');
      assert.deepEqual(run!.checks.map((c: { severity: string; passed: boolean }) => `${c.passed ? 'ok' : 'failed'}:${c.severity}`), ['failed:error', 'failed:warning', 'ok:info']);
      assert.deepEqual(run!.extracted, { anzahlHunde: 2, gefaehrlich: true });
      assert.equal(run!.suggestion.action, 'request_info');
      assert.equal(run!.suggestionState, 'open', 'request_info is never applied without a person');
      assert.equal(run!.trigger, 'case_created');

      assert.equal(standin.requests.length, 1);
      const request = standin.requests[0]!;
      assert.ok(await verifyStandardWebhook(secret, request, request.body), 'signed per Standard Webhooks with the processor secret');
      assert.equal(request.json.case.id, caseId);
      assert.equal((request.json.case.formData[0] as { name: string }).name, 'antragsteller');
      assert.deepEqual(request.json.case.attachments, []);

      // Another tenant's caseworker sees no runs of this case.
      const other = await deskTenant(t.db, { tenant: await createTenant(t.db) });
      assert.equal((await call(h.app, 'GET', `/api/cases/${caseId}/processor-runs`, other.headers)).status, 404);
      // The button runs it again.
      const again = await call(h.app, 'POST', `/api/cases/${caseId}/processor-runs`, w.headers, {});
      assert.equal(again.status, 202, JSON.stringify(again.body));
      const runs = await waitFor(() => runsOf(h.app, w.headers, caseId), (r) => r.length === 2 && r.every((x) => x.status === 'done'), 'the manual run');
      assert.equal(runs[0]!.trigger, 'manual');
      assert.equal(runs[0]!.startedBy, 'Max Sachbearbeiter');
    } finally {
      await worker.stop();
      await h.close();
      await standin.close();
    }
  });

  it('with auto-apply the suggestion routes the case to another org unit, and the history records it; without, a person applies it once', async () => {
    const standin = await startProcessorStandin({ kind: 'answer', body: { checks: [], suggestion: { action: 'route', orgUnit: 'BA', reason: 'Zwingerhaltung: Bauamt zuständig' } } });
    const h = await createTestApp(t.db, FAST);
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 20 });
    try {
      const w = await world(t);
      const created = await call(h.app, 'POST', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders, { name: 'Zuständigkeit', kind: 'http', url: standin.url, autoApply: true });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const { caseId } = await submit(h.app, w.intakeHeaders, w.service.id);
      const [autoRun] = await waitFor(() => runsOf(h.app, w.adminHeaders, caseId), (r) => r[0]?.suggestionState === 'applied', 'auto-apply');
      assert.equal(autoRun!.appliedAutomatically, true, 'the desk can tell an automatic application from a person\'s');
      assert.equal(autoRun!.suggestedOrgUnitName, 'Bauamt', 'the desk names the suggested unit, not its short code');
      const kase = (await call(h.app, 'GET', `/api/cases/${caseId}`, w.adminHeaders)).body;
      assert.equal(kase.status, 'forwarded');
      assert.equal(kase.orgUnit.id, w.otherUnit.id, 'routed to the Bauamt');
      const history = (await call(h.app, 'GET', `/api/cases/${caseId}/events`, w.adminHeaders)).body.items as Array<{ type: string; actor: { name: string }; data: Record<string, unknown> }>;
      const applied = history.find((e) => e.type === 'processor.suggestion_applied');
      assert.ok(applied, 'a case event records the automatic application');
      assert.equal(applied.actor.name, 'Prüfdienst „Zuständigkeit“ (automatisch)');
      assert.equal(applied.data.automatic, true);
      assert.ok(history.some((e) => e.type === 'case.status_changed' && e.actor.name === 'Prüfdienst „Zuständigkeit“ (automatisch)'));

      // Without auto-apply the suggestion waits for a person.
      await call(h.app, 'PUT', `/api/admin/processors/${created.body.id}`, w.adminHeaders, { name: 'Zuständigkeit', kind: 'http', url: standin.url, autoApply: false });
      standin.set({ kind: 'answer', body: { checks: [], suggestion: { action: 'accept' } } });
      const second = await submit(h.app, w.intakeHeaders, w.service.id);
      const [run] = await waitFor(() => runsOf(h.app, w.headers, second.caseId), (r) => r[0]?.status === 'done', 'the run');
      assert.equal(run!.suggestionState, 'open');
      assert.equal((await call(h.app, 'GET', `/api/cases/${second.caseId}`, w.headers)).body.status, 'new', 'nothing applied without a person');
      const version = (await call(h.app, 'GET', `/api/cases/${second.caseId}`, w.headers)).body.version;
      const apply = await call(h.app, 'POST', `/api/cases/${second.caseId}/processor-runs/${run!.id}/apply`, w.headers, { version });
      assert.equal(apply.status, 204, JSON.stringify(apply.body));
      assert.equal((await call(h.app, 'GET', `/api/cases/${second.caseId}`, w.headers)).body.status, 'accepted');
      const [byPerson] = await runsOf(h.app, w.headers, second.caseId);
      assert.equal(byPerson!.appliedAutomatically, false, 'a person applied this one');
      const twice = await call(h.app, 'POST', `/api/cases/${second.caseId}/processor-runs/${run!.id}/apply`, w.headers, { version: version + 1 });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'processor_suggestion_closed');
    } finally {
      await worker.stop();
      await h.close();
      await standin.close();
    }
  });

  it('a hanging processor does not delay intake: the timeout is shown on the case, retried, and the case is untouched until it answers', async () => {
    const standin = await startProcessorStandin({ kind: 'hang' });
    // Slower retries than elsewhere: ten attempts must outlast the second intake on a busy embedded database.
    const h = await createTestApp(t.db, { outbox: { backoffBaseMs: 1000, backoffMaxMs: 2000 } });
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 20 });
    try {
      const w = await world(t);
      await call(h.app, 'POST', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders, { name: 'Langsam', kind: 'http', url: standin.url, timeoutMs: 300 });
      const first = await submit(h.app, w.intakeHeaders, w.service.id);
      await waitFor(async () => standin.requests.length, (n) => n >= 1, 'the processor to be called');
      // The processor now holds a request open; the next application is answered regardless.
      const second = await submit(h.app, w.intakeHeaders, w.service.id);
      assert.ok(second.ms < 1000, `intake answered in ${second.ms} ms while the processor hangs`);
      const [run] = await waitFor(() => runsOf(h.app, w.headers, first.caseId), (r) => (r[0]?.attempts ?? 0) >= 2, 'a retry');
      // From now on it answers: the next retry succeeds.
      standin.set({ kind: 'answer', body: { checks: [{ passed: true, severity: 'info', message: 'geprüft' }] } });
      assert.equal(run!.status, 'pending', 'retried, not given up');
      assert.equal(run!.lastError, 'Zeitüberschreitung (keine Antwort in 300 ms)');
      const kase = (await call(h.app, 'GET', `/api/cases/${first.caseId}`, w.headers)).body;
      assert.equal(kase.status, 'new');
      assert.equal(kase.version, 1, 'the case is unaffected');

      const [done] = await waitFor(() => runsOf(h.app, w.headers, first.caseId), (r) => r[0]?.status === 'done', 'success after retry');
      assert.equal(done!.lastError, null);
      assert.equal(done!.checks[0].message, 'geprüft');
    } finally {
      await worker.stop();
      await h.close();
      await standin.close();
    }
  });

  it('garbage and oversized answers are errors on the run, retried; the case is unaffected', async () => {
    const standin = await startProcessorStandin({ kind: 'garbage' });
    const h = await createTestApp(t.db, FAST);
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 20 });
    try {
      const w = await world(t);
      await call(h.app, 'POST', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders, { name: 'Kaputt', kind: 'http', url: standin.url });
      const { caseId } = await submit(h.app, w.intakeHeaders, w.service.id);
      const [garbage] = await waitFor(() => runsOf(h.app, w.headers, caseId), (r) => r[0]?.lastError != null, 'the garbage error');
      assert.equal(garbage!.lastError, 'Antwort entspricht nicht dem Prozessor-Protokoll');
      standin.set({ kind: 'huge' });
      const [huge] = await waitFor(() => runsOf(h.app, w.headers, caseId), (r) => r[0]?.lastError === 'Antwort zu groß (mehr als 256 KiB)', 'the size error');
      assert.equal(huge!.status, 'pending');
      assert.deepEqual(huge!.checks, []);
      assert.equal((await call(h.app, 'GET', `/api/cases/${caseId}`, w.headers)).body.version, 1);
    } finally {
      await worker.stop();
      await h.close();
      await standin.close();
    }
  });

  it('the built-in plausibility check applies the admin\'s rules (required, format, date range); bad rules and internal URLs are refused', async () => {
    const h = await createTestApp(t.db, FAST);
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 20 });
    try {
      const w = await world(t);
      const rules = [
        { field: 'antragsteller.anschrift.plz', label: 'PLZ', required: true, format: 'postal_code' },
        { field: 'antragsteller.email', label: 'E-Mail', required: true, severity: 'warning' },
        { field: 'haltungBeginn', label: 'Beginn der Haltung', minDate: '2025-01-01', maxDate: 'today' },
        { field: 'hund.rufname', label: 'Rufname', pattern: '^[A-ZÄÖÜ][a-zäöüß]+$' },
      ];
      const created = await call(h.app, 'POST', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders, { name: 'Plausibilität', kind: 'plausibility', rules });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.secret, null);
      const { caseId } = await submit(h.app, w.intakeHeaders, w.service.id);
      const [run] = await waitFor(() => runsOf(h.app, w.headers, caseId), (r) => r[0]?.status === 'done', 'the plausibility run');
      const failed = run!.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { message: string; severity: string }) => `${c.severity}: ${c.message}`);
      assert.deepEqual(failed, ['error: Beginn der Haltung (2024-05-01) liegt vor dem 2025-01-01.', 'warning: E-Mail fehlt.']);
      assert.equal(run!.checks.filter((c: { passed: boolean }) => c.passed).length, 2, 'PLZ and both dogs\' names are plausible');

      const nested = await call(h.app, 'POST', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders, { name: 'Gefährlich', kind: 'plausibility', rules: [{ field: 'x', pattern: '^(a+)+$' }] });
      assert.equal(nested.status, 400);
      assert.equal(nested.body.field, 'rules/0/pattern');
      const internal = await call(h.app, 'POST', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders, { name: 'Intern', kind: 'http', url: 'http://10.1.2.3/pruefen' });
      assert.equal(internal.status, 422);
      assert.equal(internal.body.code, 'url_not_allowed');
      const noUrl = await call(h.app, 'POST', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders, { name: 'Ohne', kind: 'http' });
      assert.equal(noUrl.status, 400);
      assert.equal(noUrl.body.field, 'url');
      assert.equal((await call(h.app, 'GET', `/api/admin/services/${w.service.id}/processors`, w.adminHeaders)).body.items.length, 1, 'nothing saved by refused requests');
      assert.equal((await call(h.app, 'GET', `/api/admin/services/${w.service.id}/processors`, w.headers)).status, 403, 'caseworkers do not configure processors');
    } finally {
      await worker.stop();
      await h.close();
    }
  });
});
