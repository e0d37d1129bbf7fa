import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { createCase } from '../../server/src/cases/service.js';
import { startServerWithWorker } from './server-with-worker.js';
import { apiSession, axeViolations, launchBrowser, screenshot, signInAs } from './harness.js';

/*
 * Issue #17: a case driven as a registered Fachverfahren through HTTP (take over, message, the
 * applicant's reply via the portal, decision, close), and the desk shows each step with the procedure.
 */
const APPLICANT = 'karl.gewerbe@example.org';
const PROCEDURE = 'Gewerberegister';

describe('a registered Fachverfahren drives a case; the desk shows each step', () => {
  let server: Awaited<ReturnType<typeof startServerWithWorker>>;
  let browser: Browser;
  let desk: Page;
  let caseId: string;
  let caseNumber: string;
  let serviceId: string;
  let token = '';

  const client = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = (await res.json().catch(() => null)) as any;
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  async function signInLink(): Promise<string> {
    for (let i = 0; i < 150; i++) {
      const dir = join(server.dataDir, 'mail');
      const link = existsSync(dir)
        ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='))
          .filter((m) => m.includes(APPLICANT)).flatMap((m) => [...m.matchAll(/(http:\/\/[^\s]+\/portal\/anmelden#token=[A-Za-z0-9_-]+)/g)].map((x) => x[1]!))[0]
        : undefined;
      if (link) return link.replace(/^https?:\/\/[^/]+/, server.url);
      await sleep(200);
    }
    throw new Error('no sign-in e-mail arrived');
  }

  before(async () => {
    server = await startServerWithWorker('fachverfahren', 10);
    browser = await launchBrowser();
    serviceId = (await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('services').select('id').orderBy('name').executeTakeFirstOrThrow())).id;
    const created = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      createCase(trx, server.tenantId, {
        serviceId, title: 'Gewerbeanmeldung Fahrradwerkstatt', channel: 'e2e',
        applicant: { kind: 'person', firstName: 'Karl', lastName: 'Gewerbe', email: APPLICANT },
        formData: [{ name: 'betrieb', label: 'Betrieb', stringValue: 'Fahrradwerkstatt Gewerbe' }],
      }, { kind: 'system', id: null, name: 'Test' }),
    );
    caseId = created.id;
    caseNumber = created.caseNumber;
    const admin = await apiSession(server.url, 'admin');
    const registered = await admin.call('POST', '/api/admin/fachverfahren', { name: PROCEDURE, serviceIds: [serviceId], scopes: ['cases:read', 'cases:write', 'cases:assign'] });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.equal((await admin.call('PUT', `/api/admin/decision-settings/${serviceId}`, { requiresRelease: false, generatorUrl: null })).status, 200);
    const template = await admin.call('POST', '/api/admin/decision-templates', { serviceId, kind: 'approval', name: 'Eintragung', body: 'Ihre Gewerbeanmeldung {{vorgang.nummer}} ist eingetragen.' });
    assert.equal(template.status, 201, JSON.stringify(template.body));
    (globalThis as { templateId?: string }).templateId = template.body.id;
    assert.equal((await admin.call('POST', '/api/admin/webhook-endpoints', { url: 'https://fachverfahren.example.org/amtsdesk', eventTypes: ['*'], description: PROCEDURE })).status, 201);
    const tokenRes = await fetch(`${server.url}/api/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: registered.body.client.clientId, client_secret: registered.body.clientSecret }).toString(),
    });
    token = ((await tokenRes.json()) as { access_token: string }).access_token;
    desk = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' })).newPage();
    await signInAs(desk, 'admin');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('take over → the desk shows „an Fachverfahren … übergeben“; message, portal reply, decision, close → the history names the procedure', async () => {
    let kase = await client('GET', `/api/cases/${caseId}`);
    kase = await client('POST', `/api/cases/${caseId}/handover`, { version: kase.version });
    await desk.goto(`/vorgaenge/${caseId}`);
    await desk.getByText(`an Fachverfahren „${PROCEDURE}“ übergeben`).waitFor();
    assert.deepEqual(await axeViolations(desk), [], 'axe: case handed over');
    await screenshot(desk, 'fachverfahren-case-handed-over');

    for (const action of ['accept', 'start']) kase = await client('POST', `/api/cases/${caseId}/transitions`, { action, version: kase.version });
    const sent = await client('POST', `/api/cases/${caseId}/messages`, { subject: 'Rückfrage zur Gewerbeanmeldung', body: 'Bitte nennen Sie den Beginn der Tätigkeit.' });

    // The applicant answers in the portal (a real browser, the link from the e-mail).
    const portal = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' })).newPage();
    await portal.goto(await signInLink());
    await portal.getByRole('link', { name: 'Gewerbeanmeldung Fahrradwerkstatt' }).click();
    await portal.getByRole('heading', { name: 'Rückfrage zur Gewerbeanmeldung' }).waitFor();
    await portal.getByLabel('Ihre Nachricht').fill('Beginn ist der 1. März.');
    await portal.getByRole('button', { name: 'Antwort senden' }).click();
    await portal.getByText('Ihre Antwort wurde übermittelt.').waitFor();
    await portal.context().close();
    const thread = await client('GET', `/api/cases/${caseId}/messages`);
    assert.ok(thread.items.some((m: { direction: string; body: string }) => m.direction === 'in' && m.body === 'Beginn ist der 1. März.'), 'the procedure reads the reply');
    assert.ok(thread.items.some((m: { id: string }) => m.id === sent.id));

    const drafted = await client('POST', `/api/cases/${caseId}/decisions`, { source: 'template', templateId: (globalThis as { templateId?: string }).templateId });
    kase = await client('GET', `/api/cases/${caseId}`);
    await client('POST', `/api/cases/${caseId}/decisions/${drafted.id}/send`, { version: kase.version });
    kase = await client('GET', `/api/cases/${caseId}`);
    kase = await client('POST', `/api/cases/${caseId}/transitions`, { action: 'close', version: kase.version });
    assert.equal(kase.status, 'closed');

    await desk.goto(`/vorgaenge/${caseId}`);
    await desk.getByText(`an Fachverfahren „${PROCEDURE}“ übergeben`).waitFor();
    await desk.getByText('Beginn ist der 1. März.').waitFor();
    const timeline = desk.locator('.timeline');
    await timeline.waitFor();
    const history = await timeline.innerText();
    const byProcedure = history.split('\n').filter((line) => line.includes(`Fachverfahren ${PROCEDURE}`)).length;
    assert.ok(byProcedure >= 5, `the history names the procedure for its steps (${byProcedure}):\n${history}`);
    assert.match(history, /Antwort eingegangen/);
    assert.deepEqual(await axeViolations(desk), [], 'axe: case after the procedure closed it');
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(desk, 'fachverfahren-case-history');
    assert.ok(caseNumber);
  });

  it('the admin tabs Fachverfahren and Webhooks list the procedure and its endpoint, without axe violations', async () => {
    await desk.goto('/verwaltung/fachverfahren');
    await desk.getByRole('heading', { level: 2, name: 'Fachverfahren' }).waitFor();
    await desk.getByText(PROCEDURE).first().waitFor();
    assert.deepEqual(await axeViolations(desk), [], 'axe: admin Fachverfahren');
    await screenshot(desk, 'fachverfahren-admin-clients');
    await desk.goto('/verwaltung/webhooks');
    await desk.getByRole('heading', { level: 2, name: 'Webhooks' }).waitFor();
    await desk.getByText('https://fachverfahren.example.org/amtsdesk').first().waitFor();
    assert.deepEqual(await axeViolations(desk), [], 'axe: admin Webhooks');
    await screenshot(desk, 'fachverfahren-admin-webhooks');
  });
});
