import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { createCase } from '../../server/src/cases/service.js';
import { startProcessorStandin } from '../../server/test/processor-standin.js';
import { startRegisterStandin } from '../../server/test/register-standin.js';
import { dogTaxForm } from '../../server/test/intake-kit.js';
import { startServerWithWorker } from './server-with-worker.js';
import { apiSession, axeViolations, launchBrowser, screenshot, signInAs } from './harness.js';

/*
 * Issue #17, the desk side of processors and register queries: a real HTTP processor stand-in
 * answers, its results appear on the case sorted by severity; an auto-applied suggestion routes the
 * case; a person applies another; the admin sets processors up (SSRF refusal as a field error); a
 * register query against the real register stand-in shows the differences (Maier/Meier).
 */
const ROUTE_ANSWER = {
  checks: [
    { passed: true, severity: 'info', message: 'Die steuerpflichtige Person ist volljährig.' },
    { passed: false, severity: 'warning', message: 'Die Hunderasse ist nicht eindeutig angegeben.', field: 'hund.rasse' },
    { passed: false, severity: 'error', message: 'Die IBAN ist ungültig.', field: 'bank.iban' },
  ],
  extracted: { hunderasse: 'Mischling', anzahlHunde: 1 },
  suggestion: { action: 'route', orgUnit: 'OA', reason: 'Gefährlicher Hund: Ordnungsamt zuständig' },
};

describe('processors and register queries in the desk', () => {
  let server: Awaited<ReturnType<typeof startServerWithWorker>>;
  let processor: Awaited<ReturnType<typeof startProcessorStandin>>;
  let gateway: Awaited<ReturnType<typeof startRegisterStandin>>;
  let browser: Browser;
  let desk: Page;
  let serviceId: string;
  let admin: Awaited<ReturnType<typeof apiSession>>;

  const submit = async (transactionId: string) => {
    const res = await fetch(`${server.url}/api/intake/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.credentials!.intakeToken.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transactionId, serviceId, applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller-Lüdenscheidt' }, formData: dogTaxForm() }),
    });
    const body = (await res.json()) as { caseId: string };
    assert.equal(res.status, 201, JSON.stringify(body));
    return body.caseId;
  };

  before(async () => {
    processor = await startProcessorStandin({ kind: 'answer', body: ROUTE_ANSWER });
    gateway = await startRegisterStandin();
    server = await startServerWithWorker('processors', 10, { AMTSDESK_OUTBOUND_ALLOW: '127.0.0.1', AMTSDESK_REGISTER_GATEWAY_URL: gateway.url });
    serviceId = (await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      trx.selectFrom('services').select('id').where('name', '=', 'Hundesteuer Anmeldung').executeTakeFirstOrThrow())).id;
    admin = await apiSession(server.url, 'admin');
    browser = await launchBrowser();
    desk = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' })).newPage();
    await signInAs(desk, 'admin');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await processor?.close();
    await gateway?.close();
  });

  it('admin: Prüfdienste tab — an internal address is refused as a German field error; the stand-in is attached with auto-apply; the dialog works by keyboard', async () => {
    await desk.goto('/verwaltung/pruefdienste');
    await desk.getByRole('heading', { level: 2, name: 'Prüfdienste' }).waitFor();
    await desk.getByLabel('Leistung').selectOption({ label: 'Hundesteuer Anmeldung' });
    await desk.getByText('Für diese Leistung ist kein Prüfdienst eingerichtet.').waitFor();
    const form = desk.locator('form.admin-create');
    await form.getByLabel('Name').fill('Hundeprüfung');
    await form.getByLabel('Externer Prüfdienst (HTTP)').check();
    await form.getByLabel('Adresse des Prüfdienstes').fill('http://169.254.169.254/latest/meta-data');
    await form.getByRole('button', { name: 'Prüfdienst anhängen' }).click();
    const urlError = form.locator('.kern-form-input--error').filter({ has: desk.getByLabel('Adresse des Prüfdienstes') }).locator('.kern-error');
    await urlError.waitFor();
    assert.match(await urlError.innerText(), /Adresse des Prüfdienstes/, 'the SSRF guard\'s refusal names the field in German');
    assert.equal((await admin.call('GET', `/api/admin/services/${serviceId}/processors`)).body.items.length, 0, 'nothing saved');
    assert.deepEqual(await axeViolations(desk), [], 'axe: SSRF field error');
    await screenshot(desk, 'processors-admin-ssrf-error');

    await form.getByLabel('Adresse des Prüfdienstes').fill(processor.url);
    await form.getByLabel('Vorschläge automatisch übernehmen').check();
    await form.getByRole('button', { name: 'Prüfdienst anhängen' }).click();
    const secretDialog = desk.getByRole('dialog', { name: 'Signaturschlüssel des Prüfdienstes' });
    await secretDialog.waitFor();
    assert.match(await secretDialog.getByLabel('Signaturschlüssel').inputValue(), /^whsec_/, 'the signing secret is shown once');
    await desk.keyboard.press('Escape');
    await secretDialog.waitFor({ state: 'detached' });
    const row = desk.getByRole('row', { name: /Hundeprüfung/ });
    await row.waitFor();
    assert.match(await row.innerText(), /Externer Prüfdienst \(HTTP\)[\s\S]*ja[\s\S]*aktiv/);

    // Keyboard: open the edit dialog, Escape closes it and focus returns to the button.
    const edit = desk.getByRole('button', { name: 'Hundeprüfung bearbeiten' });
    await edit.focus();
    await desk.keyboard.press('Enter');
    const dialog = desk.getByRole('dialog', { name: 'Prüfdienst „Hundeprüfung“ bearbeiten' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Eingebaute Plausibilitätsprüfung').isDisabled(), true, 'the kind stays');
    assert.deepEqual(await axeViolations(desk), [], 'axe: edit dialog');
    await desk.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await edit.evaluate((el) => el === document.activeElement), true, 'focus returns to the edit button');
    await screenshot(desk, 'processors-admin');
  });

  it('the stand-in\'s results appear on the case sorted by severity; the auto-applied suggestion routed the case to the Ordnungsamt', async () => {
    const caseId = await submit('e2e-processor-auto');
    await desk.goto(`/vorgaenge/${caseId}`);
    const panel = desk.locator('section.processor-panel');
    await panel.getByText('Automatisch übernommen', { exact: false }).waitFor({ timeout: 20_000 });
    const checks = await panel.locator('.processor-check').allInnerTexts();
    assert.deepEqual(checks.map((c) => c.split(':')[0]!.trim()), ['Fehler', 'Warnung', 'Bestanden'], `sorted by severity, marked in words: ${checks.join(' | ')}`);
    assert.match(checks[0]!, /Die IBAN ist ungültig\./);
    const text = await panel.innerText();
    assert.match(text, /Hundeprüfung\s*Abgeschlossen/);
    assert.match(text, /An die Organisationseinheit „Ordnungsamt“ weiterleiten/);
    assert.match(text, /Mischling/);
    assert.equal(await panel.getByRole('button', { name: 'Vorschlag übernehmen' }).count(), 0, 'nothing left to apply');
    // The case itself shows the routing (reload: the automatic change came while the page was open).
    await desk.reload();
    await desk.locator('.case-header').getByText('Ordnungsamt').first().waitFor();
    await desk.locator('.timeline').getByText('Vorschlag eines Prüfdienstes übernommen').waitFor();
    assert.deepEqual(await axeViolations(desk), [], 'axe: case with processor results');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(desk, 'processors-case-results');
  });

  it('without auto-apply a person applies the suggestion with the button; a reader sees the results without the button', async () => {
    const [p] = (await admin.call('GET', `/api/admin/services/${serviceId}/processors`)).body.items;
    assert.equal((await admin.call('PUT', `/api/admin/processors/${p.id}`, { name: p.name, kind: 'http', url: p.url, autoApply: false })).status, 200);
    processor.set({ kind: 'answer', body: { checks: [{ passed: true, severity: 'info', message: 'Alle Angaben plausibel.' }], suggestion: { action: 'accept', reason: 'Vollständig' } } });
    const caseId = await submit('e2e-processor-manual');
    const reader = await (await browser.newContext({ baseURL: server.url, locale: 'de-DE', timezoneId: 'Europe/Berlin' })).newPage();
    await signInAs(reader, 'lesen');
    await reader.goto(`/vorgaenge/${caseId}`);
    await reader.locator('section.processor-panel').getByText('Antrag annehmen').waitFor({ timeout: 20_000 });
    assert.equal(await reader.getByRole('button', { name: 'Vorschlag übernehmen' }).count(), 0, 'a reader may not apply');
    assert.equal(await reader.getByRole('button', { name: 'Register abfragen' }).count(), 0, 'a reader may not query registers');
    await reader.context().close();

    await desk.goto(`/vorgaenge/${caseId}`);
    const panel = desk.locator('section.processor-panel');
    const apply = panel.getByRole('button', { name: 'Vorschlag übernehmen' });
    await apply.waitFor({ timeout: 20_000 });
    await apply.click();
    await panel.getByText('Übernommen von Petra Hansen', { exact: false }).waitFor();
    await desk.locator('.case-header').getByText('Angenommen').first().waitFor();
    assert.equal((await admin.call('GET', `/api/cases/${caseId}`)).body.status, 'accepted');
    assert.deepEqual(await axeViolations(desk), [], 'axe: suggestion applied by a person');
  });

  it('register query: legal basis is mandatory (German error naming it, nothing sent); the answer shows Maier/Meier as a difference in words', async () => {
    const created = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => createCase(trx, server.tenantId, {
      serviceId, title: 'Hundesteuer Anna Maier', channel: 'e2e',
      applicant: { kind: 'person', firstName: 'Anna', lastName: 'Maier', dateOfBirth: '1985-07-02', address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' } },
      formData: [{ name: 'hund', label: 'Hund', stringValue: 'Bello' }],
    }, { kind: 'system', id: null, name: 'Test' }));
    await desk.goto(`/vorgaenge/${created.id}`);
    const open = desk.getByRole('button', { name: 'Register abfragen' });
    await open.focus();
    await desk.keyboard.press('Enter');
    const dialog = desk.getByRole('dialog', { name: 'Register abfragen' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Nachname').inputValue(), 'Maier', 'starts from the applicant');
    await dialog.getByLabel('Zweck der Abfrage').fill('Prüfung der Angaben im Antrag auf Hundesteuer');
    await dialog.getByRole('button', { name: 'Abfrage senden' }).click();
    await dialog.getByText('Bitte geben Sie die Rechtsgrundlage der Abfrage an', { exact: false }).waitFor();
    assert.equal(gateway.requests.length, 0, 'no query without a legal basis');
    assert.deepEqual(await axeViolations(desk), [], 'axe: register dialog with error');
    await screenshot(desk, 'registers-dialog-error');
    await dialog.getByLabel('Rechtsgrundlage').fill('§ 34 Abs. 1 BMG');
    await dialog.getByLabel('Rechtsgrundlage').press('Enter');
    await dialog.waitFor({ state: 'detached' });

    const answer = desk.locator('.register-answer');
    await answer.waitFor();
    const lastName = answer.getByRole('row', { name: /Nachname/ }).first();
    assert.match(await lastName.innerText(), /Maier\s+Meier\s+Abweichung/, 'the difference is named in words');
    assert.match(await answer.getByRole('row', { name: /Vorname/ }).first().innerText(), /Anna\s+Anna\s+stimmt überein/);
    assert.match(await answer.innerText(), /1 Abweichung zwischen Antrag und Register/);
    assert.equal(gateway.requests.length, 1);
    assert.equal(gateway.requests[0]!.body.legalBasis, '§ 34 Abs. 1 BMG');
    await desk.locator('.register-log').getByText('§ 34 Abs. 1 BMG').waitFor();
    const log = await admin.call('GET', `/api/cases/${created.id}/register-queries`);
    assert.equal(log.body.items.length, 1, 'the query is recorded');
    assert.deepEqual(await axeViolations(desk), [], 'axe: register answer');
    await answer.scrollIntoViewIfNeeded();
    await screenshot(desk, 'registers-differences');
  });
});
