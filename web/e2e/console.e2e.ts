import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withPlatform, withTenant } from '../../server/src/db/database.js';
import { DEMO_OPERATOR } from '../../server/src/demo/catalog.js';
import { enqueue } from '../../server/src/outbox/enqueue.js';
import { uuidv7 } from '../../server/src/shared/ids.js';
import { axeViolations, browserSuite, demoUser, screenshot } from './harness.js';

/**
 * The operator console (/betrieb): the data centre's own sign-in, then every page once, keyboard
 * first, with axe on each. Case content seeded here (names, form values, message text) must not
 * appear on any page.
 */
describe('operator console', () => {
  const suite = browserSuite({ withPage: true });
  const SECRET_CONTENT = /Bello|Brunhilde Müller|Sehr geehrte Frau Sommer/;

  async function expectClean(what: string) {
    const { page } = suite;
    assert.deepEqual(await axeViolations(page), [], `axe: ${what}`);
    assert.doesNotMatch(await page.locator('body').innerText(), SECRET_CONTENT, `${what}: no case content`);
  }

  it('an operator signs in with the keyboard; a tenant account is not an operator', async () => {
    const { page } = suite;
    await page.goto('/betrieb');
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für den Plattformbetrieb' }).waitFor();
    await expectClean('sign-in');
    await screenshot(page, 'betrieb-anmeldung');
    // The municipality's admin, with her correct password: a tenant account is no operator account.
    await page.getByLabel('E-Mail-Adresse').fill(demoUser('admin').email);
    await page.getByLabel('Passwort').fill(demoUser('admin').password);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('Anmeldung fehlgeschlagen').waitFor();

    await page.getByLabel('E-Mail-Adresse').fill(DEMO_OPERATOR.email);
    await page.getByLabel('Passwort').fill(DEMO_OPERATOR.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Kommunen' }).waitFor();
  });

  it('lists tenants with activity, provisions one (AGS checked first) and renews its invitation', async () => {
    const { page } = suite;
    const musterstadt = page.getByRole('row', { name: /Musterstadt/ });
    await musterstadt.waitFor();
    assert.match(await musterstadt.innerText(), /01002000/);
    await expectClean('tenants');

    await page.getByLabel('Name der Kommune').fill('Gemeinde Süderbrarup');
    await page.getByLabel('Art der Körperschaft').selectOption('municipality');
    await page.getByLabel('Amtlicher Gemeindeschlüssel (AGS)').fill('0105917');
    await page.getByLabel('Name der ersten Administration').fill('Jens Petersen');
    await page.getByLabel('E-Mail-Adresse der ersten Administration').fill('it@suederbrarup.example');
    await page.getByRole('button', { name: 'Kommune anlegen' }).click();
    await page.getByText('Der Amtliche Gemeindeschlüssel besteht aus genau 8 Ziffern.').waitFor();
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).name), 'provision-ags', 'focus goes to the wrong field');
    await expectClean('provision form with an error');

    await page.getByLabel('Amtlicher Gemeindeschlüssel (AGS)').fill('01059178');
    await page.getByRole('button', { name: 'Kommune anlegen' }).click();
    await page.getByText('Gemeinde Süderbrarup ist angelegt.').waitFor();
    assert.match(await page.getByLabel('Einladungslink (einmal gültig, 7 Tage)').inputValue(), /\/einladung#token=/);
    await page.getByRole('row', { name: /Gemeinde Süderbrarup/ }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'betrieb-kommunen');

    const first = await page.getByLabel('Einladungslink (einmal gültig, 7 Tage)').inputValue();
    await page.getByRole('button', { name: 'Einladung für Gemeinde Süderbrarup erneut ausstellen' }).click();
    await page.getByText('Neue Einladung für Gemeinde Süderbrarup').waitFor();
    assert.notEqual(await page.getByLabel('Einladungslink (einmal gültig, 7 Tage)').inputValue(), first);

    await page.getByLabel('Suche nach Name, Kürzel oder AGS').fill('01059');
    await page.getByRole('row', { name: /Musterstadt/ }).waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Gemeinde Süderbrarup/ }).waitFor();
  });

  it('rejects a parked submission with a reason, showing routing facts only', async () => {
    const { page, server } = suite;
    await withPlatform(server.db, (trx) =>
      trx.insertInto('unrouted_submissions').values({
        id: uuidv7(), channel: 'ozg', transaction_id: 'ozg-e2e-4711', reason_code: 'unknown_authority',
        reason: 'Keine Kommune für die zuständige Stelle 08111000 gefunden.',
        routing_hints: JSON.stringify({ authority: '08111000', leikaKeys: ['99050012104000'] }),
        submission: JSON.stringify({ formData: [{ name: 'hund', label: 'Hund', stringValue: 'Bello' }], applicant: { lastName: 'Brunhilde Müller' } }),
      } as never).execute(),
    );
    await page.getByRole('link', { name: 'Eingang ohne Zuordnung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eingang ohne Zuordnung' }).waitFor();
    const row = page.getByRole('row', { name: /08111000/ });
    await row.waitFor();
    assert.match(await row.innerText(), /99050012104000/);
    await expectClean('parked queue');
    await screenshot(page, 'betrieb-eingang');

    await page.getByRole('button', { name: 'Einreichung ozg-e2e-4711 ablehnen' }).click();
    await page.getByLabel('Begründung').fill('Keine zuständige Stelle im Land; Absender informiert.');
    await page.getByRole('button', { name: 'Ablehnen', exact: true }).click();
    await page.getByText('Die Einreichung ist abgelehnt.').waitFor();
    await page.getByText('Keine offenen Einreichungen.').waitFor();
  });

  it('shows dead letters without content and puts one back into delivery', async () => {
    const { page, server } = suite;
    const id = await withTenant(server.db, { tenantId: server.tenantId }, async (trx) => {
      const outboxId = await enqueue(trx, server.tenantId, 'email', { to: 'sommer@example.org', subject: 'Rückfrage', text: 'Sehr geehrte Frau Sommer' });
      await trx.updateTable('outbox').set({ status: 'dead', attempts: 10, last_error: 'SMTP 550' }).where('id', '=', outboxId).execute();
      return outboxId;
    });
    await page.getByRole('link', { name: 'Unzustellbare Nachrichten' }).click();
    const row = page.getByRole('row', { name: /Musterstadt/ });
    await row.waitFor();
    assert.match(await row.innerText(), /email\s+10\s+von der Gegenstelle abgelehnt/);
    await expectClean('dead letters');
    await screenshot(page, 'betrieb-zustellung');

    await page.getByRole('button', { name: 'email für Musterstadt erneut zustellen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Die Nachricht ist wieder in der Zustellung.').waitFor();
    const status = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow());
    assert.equal(status.status, 'pending');
  });

  it('shows the instances with their version, and the audit of what operators did', async () => {
    const { page } = suite;
    await page.getByRole('link', { name: 'Zustand und Instanzen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zustand und Instanzen' }).waitFor();
    await page.getByRole('row', { name: /diese Instanz/ }).waitFor();
    assert.match(await page.locator('.console-facts').innerText(), /Datenbank\s+antwortet/);
    await expectClean('instances');
    await screenshot(page, 'betrieb-instanzen');

    await page.getByRole('link', { name: 'Protokoll des Betriebs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Protokoll des Betriebs' }).waitFor();
    await page.getByRole('row', { name: /Kommune angelegt/ }).waitFor();
    const text = await page.locator('table').innerText();
    for (const action of ['angemeldet', 'Einladung erneut ausgestellt', 'Einreichung abgelehnt', 'Zustellung wiederholt']) assert.match(text, new RegExp(action));
    await page.getByLabel('Nur eigene Handlungen').check();
    await page.getByRole('row', { name: /Zustellung wiederholt/ }).waitFor();
    await expectClean('audit');
    await screenshot(page, 'betrieb-protokoll');
  });

  it('the tenant desk does not know operator sessions', async () => {
    const { page } = suite;
    const res = await page.request.get('/api/cases');
    assert.ok([401, 403].includes(res.status()), `operator session on /api/cases: ${res.status()}`);
  });
});
