import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../server/src/auth/passwords.js';
import { createCase, createOrgUnit, createTenant, createUser } from '../../server/test/factories.js';
import { apiSession, axeViolations, launchBrowser, newPage, screenshot, settled, signInAs, startServer, TENANT, type E2EServer } from './harness.js';

/*
 * Help between municipalities in the desk (issue 18 item 3): the demo municipality Musterstadt (A)
 * proposes that Stadt Bestadt (B) handles one of its services; B's admin accepts and names the
 * Ordnungsamt; an application to A then shows in the desk of B's caseworker, marked as A's; A
 * revokes, and B sees nothing of it any more.
 */
const B_NAME = 'Stadt Bestadt';
const PASSWORD = 'Bestadt-Passwort-2026!';

async function signInToB(page: Page, email: string) {
  await page.goto('/anmelden');
  await page.getByRole('combobox', { name: 'Kommune' }).fill(B_NAME);
  await page.getByRole('option', { name: B_NAME }).click();
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
}

describe('delegation between municipalities: the screens of both admins and the helper’s desk', () => {
  let server: E2EServer;
  let browser: Browser;
  let b: Awaited<ReturnType<typeof createTenant>>;
  let serviceName: string;
  let serviceId: string;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    b = await createTenant(server.db, { name: B_NAME, slug: 'stadt-bestadt', ags: '01003000' });
    const unit = await createOrgUnit(server.db, { tenant: b, name: 'Ordnungsamt Bestadt', shortCode: 'OAB' });
    const passwordHash = await hashPassword(PASSWORD);
    await createUser(server.db, { tenant: b, roles: ['admin'], email: 'admin@bestadt.example', displayName: 'Berta Admin', passwordHash });
    await createUser(server.db, { tenant: b, roles: ['caseworker'], email: 'sb@bestadt.example', displayName: 'Bernd Bestädter', passwordHash, orgUnitIds: [unit.id] });
    const admin = await apiSession(server.url, 'admin');
    const services = (await admin.call('GET', '/api/admin/services')).body.items as Array<{ id: string; name: string }>;
    const parking = services.find((s) => s.name === 'Anwohnerparken – Besucherparkausweis')!;
    serviceId = parking.id;
    serviceName = parking.name;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('A proposes, B accepts with its org unit, an application to A arrives in B’s desk marked as A’s; after revocation B sees nothing', async () => {
    // A's admin proposes.
    const a = await newPage(browser, server.url);
    await signInAs(a, 'admin');
    await a.goto('/verwaltung/zusammenarbeit');
    await a.getByRole('heading', { level: 2, name: 'Zusammenarbeit' }).waitFor();
    const form = a.locator('form', { has: a.getByRole('heading', { name: 'Vereinbarung vorschlagen' }) });
    await form.getByRole('button', { name: 'Vorschlagen' }).click();
    await form.locator('.kern-form-input--error').first().waitFor();
    // The refusal names the field as the form labels it, not by its API name.
    await form.getByText('Das Feld „Kurzname der anderen Kommune“ darf nicht leer sein.').waitFor();
    assert.equal(await form.getByText('partnerSlug', { exact: false }).count(), 0);
    assert.deepEqual(await axeViolations(a), [], 'the agreements tab with a refused proposal is accessible');
    await form.getByLabel('Kurzname der anderen Kommune').fill(b.slug);
    // From yesterday: the database checks validity against its own current_date (UTC), the form's
    // default is today in Berlin; between midnight in Berlin and in UTC "today" would not be valid yet.
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
    await form.getByLabel('Gültig ab').fill(yesterday);
    await form.getByLabel('Art der Zusammenarbeit').selectOption('service');
    await form.getByLabel('Leistung').selectOption({ label: serviceName });
    await form.getByLabel('Hinweis an die andere Kommune (optional)').fill('Bitte ab sofort die Anträge auf Besucherparkausweise übernehmen.');
    await screenshot(a, 'delegation-propose');
    await form.getByRole('button', { name: 'Vorschlagen' }).click();
    await a.getByText(`Der Vorschlag an ${B_NAME} ist verschickt.`, { exact: false }).waitFor();
    await a.getByRole('table', { name: 'Vereinbarungen mit anderen Kommunen' }).getByText('vorgeschlagen').waitFor();
    assert.deepEqual(await axeViolations(a), [], 'the agreements tab is accessible');

    // B's admin sees the proposal and accepts it for the Ordnungsamt.
    const bAdmin = await newPage(browser, server.url);
    await signInToB(bAdmin, 'admin@bestadt.example');
    await bAdmin.getByRole('link', { name: 'Verwaltung' }).first().click();
    await bAdmin.getByRole('link', { name: 'Zusammenarbeit' }).click();
    const incoming = bAdmin.getByRole('table', { name: 'Vorschläge anderer Kommunen an uns' });
    await incoming.getByRole('cell', { name: TENANT.name, exact: true }).waitFor();
    await incoming.getByText(serviceName).waitFor();
    assert.deepEqual(await axeViolations(bAdmin), [], 'the incoming proposal is accessible');
    await screenshot(bAdmin, 'delegation-incoming');
    await incoming.getByRole('button', { name: `Vorschlag von ${TENANT.name} annehmen` }).click();
    const dialog = bAdmin.getByRole('dialog', { name: 'Vorschlag annehmen' });
    await dialog.getByLabel('Bearbeitende Organisationseinheit').selectOption({ label: 'Ordnungsamt Bestadt' });
    assert.deepEqual(await axeViolations(bAdmin), [], 'the accept dialog is accessible');
    await screenshot(bAdmin, 'delegation-accept-dialog');
    await dialog.getByRole('button', { name: 'Annehmen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await bAdmin.getByText(`Die Vereinbarung mit ${TENANT.name} gilt.`).waitFor();
    const current = bAdmin.getByRole('table', { name: 'Vereinbarungen mit anderen Kommunen' });
    await current.getByText('Ordnungsamt Bestadt').waitFor();
    await current.getByText('angenommen').waitFor();
    await screenshot(bAdmin, 'delegation-agreements');

    // An application to A for that service: B's caseworker has it in the desk, marked with A.
    const kase = await createCase(server.db, {
      tenant: { id: server.tenantId, slug: TENANT.slug, adminUserId: '', inviteToken: '' }, serviceId, title: 'Besucherparkausweis: Familienbesuch',
      formData: [
        { name: 'kennzeichen', label: 'Kennzeichen des Besuchsfahrzeugs', stringValue: 'KI-AB 123' },
        { name: 'von', label: 'Besuch von', dateValue: '2026-12-20' },
        { name: 'bis', label: 'Besuch bis', dateValue: '2027-01-03' },
        { name: 'anlass', label: 'Anlass', stringValue: 'Familienbesuch' },
      ],
    });
    const { caseNumber } = kase;
    const bWorker = await newPage(browser, server.url);
    await signInToB(bWorker, 'sb@bestadt.example');
    await settled(bWorker);
    const desk = bWorker.getByRole('table', { name: 'Vorgänge anderer Kommunen, die wir bearbeiten' });
    const row = desk.getByRole('row', { name: new RegExp(caseNumber) });
    await row.getByRole('cell', { name: TENANT.name, exact: true }).waitFor();
    assert.deepEqual(await axeViolations(bWorker), [], 'the desk with delegated cases is accessible');
    await screenshot(bWorker, 'delegation-desk');
    await row.getByRole('link', { name: caseNumber }).click();
    const banner = bWorker.getByTestId('delegated-banner');
    await banner.getByText(`Vorgang der Kommune ${TENANT.name}`).waitFor();
    await banner.getByText(`(${B_NAME} handelt)`, { exact: false }).waitFor();
    // Only what works for B is offered: B's people are not A's users (no taking over or assigning),
    // and A's routing stays A's (no forwarding). Accepting works.
    const actions = bWorker.getByRole('region', { name: 'Aktionen' });
    await actions.getByRole('button', { name: 'Ablehnen' }).waitFor();
    for (const name of ['Übernehmen', 'Zuweisen …', 'Zuweisung aufheben', 'Weiterleiten']) {
      assert.equal(await bWorker.getByRole('button', { name, exact: true }).count(), 0, `„${name}“ is not offered to B`);
    }
    assert.deepEqual(await axeViolations(bWorker), [], 'A’s case opened by B is accessible');
    await screenshot(bWorker, 'delegation-case');
    await actions.getByRole('button', { name: 'Annehmen', exact: true }).click();
    await bWorker.getByText('Erledigt: Annehmen.').waitFor();
    await actions.getByRole('button', { name: 'Bearbeitung beginnen' }).waitFor();
    assert.equal(await bWorker.getByRole('button', { name: 'Weiterleiten', exact: true }).count(), 0);
    const caseUrl = bWorker.url();

    // A revokes; B's desk and the case are gone for B.
    await a.reload();
    await a.getByRole('button', { name: `Vereinbarung mit ${B_NAME} widerrufen` }).click();
    const revoke = a.getByRole('alertdialog', { name: 'Vereinbarung widerrufen' });
    await revoke.getByRole('button', { name: 'Widerrufen' }).click();
    await a.getByText(`Die Vereinbarung mit ${B_NAME} ist widerrufen.`).waitFor();
    await a.getByRole('table', { name: 'Vereinbarungen mit anderen Kommunen' }).getByText('widerrufen').waitFor();
    await screenshot(a, 'delegation-revoked');
    await bWorker.goto('/');
    await settled(bWorker);
    assert.equal(await bWorker.getByRole('table', { name: 'Vorgänge anderer Kommunen, die wir bearbeiten' }).count(), 0);
    await bWorker.goto(caseUrl);
    await bWorker.getByText('nicht gefunden', { exact: false }).first().waitFor();
    assert.equal(await bWorker.getByTestId('delegated-banner').count(), 0);
  });
});
