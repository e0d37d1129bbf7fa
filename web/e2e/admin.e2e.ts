import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, browserSuite, TENANT, newPage, signIn, signInAs } from './harness.js';

describe('tenant administration', () => {
  const suite = browserSuite({ signInAs: 'admin' });

  it('is offered in the navigation to admins only', async () => {
    assert.equal(await suite.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).count(), 1);
    const other = await newPage(suite.browser, suite.server.url);
    await signInAs(other, 'sachbearbeitung1');
    assert.equal(await other.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).count(), 0);
    await other.context().close();
  });

  it('invites a person with roles and org units; the invite link lets the person set a password and sign in', async () => {
    await suite.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click();
    await suite.page.getByRole('heading', { level: 2, name: 'Personen' }).waitFor();
    await suite.page.getByRole('button', { name: 'Person einladen' }).click();
    const dialog = suite.page.getByRole('dialog', { name: 'Person einladen' });
    await dialog.getByRole('button', { name: 'Einladen' }).click();
    await dialog.getByText('Bitte geben Sie den Namen ein.').waitFor();

    await dialog.getByLabel('Name').fill('Nora Neumann');
    await dialog.getByLabel('E-Mail-Adresse').fill('admin@musterstadt.example');
    await dialog.getByRole('group', { name: 'Organisationseinheiten' }).getByLabel('Bauamt').check();
    await dialog.getByRole('button', { name: 'Einladen' }).click();
    // The server refuses the taken address; its message sits next to the e-mail field.
    const email = dialog.getByLabel('E-Mail-Adresse');
    await dialog.getByText('Es gibt bereits ein Konto mit dieser E-Mail-Adresse').waitFor();
    assert.equal(await email.getAttribute('aria-invalid'), 'true');

    await email.fill('n.neumann@musterstadt.example');
    await dialog.getByRole('button', { name: 'Einladen' }).click();
    const done = suite.page.getByRole('dialog', { name: 'Einladung erstellt' });
    const link = await done.getByLabel('Einladungslink').inputValue();
    assert.match(link, /\/einladung#token=/);
    assert.ok((await axeViolations(suite.page)).length === 0, 'invite result dialog is accessible');
    await done.getByRole('button', { name: 'Fertig' }).click();
    const row = suite.page.locator('tr[data-user-email="n.neumann@musterstadt.example"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Nora Neumann[\s\S]*Sachbearbeitung[\s\S]*Bauamt[\s\S]*Eingeladen/);

    const token = new URL(link).hash.replace('#token=', '');
    const accepted = await fetch(`${suite.server.url}/api/auth/invite/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'Neu-im-Bauamt-2024!' }),
    });
    assert.equal(accepted.status, 200);
    const newcomer = await newPage(suite.browser, suite.server.url);
    await signIn(newcomer, 'n.neumann@musterstadt.example', 'Neu-im-Bauamt-2024!');
    await newcomer.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
    assert.equal(await newcomer.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).count(), 0);
    await newcomer.context().close();
  });

  it('changes roles and org units, and deactivates after confirmation', async () => {
    const row = suite.page.locator('tr[data-user-email="n.neumann@musterstadt.example"]');
    await row.getByRole('button', { name: 'Bearbeiten' }).click();
    const dialog = suite.page.getByRole('dialog', { name: 'Nora Neumann bearbeiten' });
    await dialog.getByRole('group', { name: 'Rollen' }).getByLabel('Lesezugriff').check();
    await dialog.getByRole('group', { name: 'Rollen' }).getByLabel('Sachbearbeitung').uncheck();
    await dialog.getByRole('group', { name: 'Organisationseinheiten' }).getByLabel('Standesamt').check();
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await suite.page.getByText('Änderungen für Nora Neumann gespeichert.').waitFor();
    assert.match(await row.innerText(), /Lesezugriff[\s\S]*Bauamt, Standesamt|Lesezugriff[\s\S]*Standesamt, Bauamt/);

    await row.getByRole('button', { name: 'Deaktivieren' }).click();
    const confirm = suite.page.getByRole('alertdialog', { name: 'Person deaktivieren' });
    await confirm.getByRole('button', { name: 'Deaktivieren' }).click();
    await suite.page.getByText('Nora Neumann wurde deaktiviert.').waitFor();
    assert.match(await row.innerText(), /Deaktiviert/);
    const login = await fetch(`${suite.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: TENANT.slug, email: 'n.neumann@musterstadt.example', password: 'Neu-im-Bauamt-2024!' }),
    });
    assert.equal(login.status, 401, 'a deactivated person cannot sign in');
    await row.getByRole('button', { name: 'Reaktivieren' }).click();
    await suite.page.getByRole('alertdialog', { name: 'Person reaktivieren' }).getByRole('button', { name: 'Reaktivieren' }).click();
    await suite.page.getByText('Nora Neumann wurde reaktiviert.').waitFor();
  });

  it('creates and renames org units', async () => {
    await suite.page.getByRole('link', { name: 'Organisationseinheiten' }).click();
    await suite.page.getByRole('heading', { level: 2, name: 'Organisationseinheiten' }).waitFor();
    const form = suite.page.locator('form[aria-labelledby="unit-create-heading"]');
    await form.getByLabel('Name').fill('Umweltamt');
    await form.getByLabel('Kürzel').fill('U-A');
    await form.getByRole('button', { name: 'Anlegen' }).click();
    const shortCode = form.getByLabel('Kürzel');
    await suite.page.waitForFunction(() => document.querySelector('form[aria-labelledby="unit-create-heading"] [aria-invalid="true"]') !== null);
    assert.equal(await shortCode.getAttribute('aria-invalid'), 'true', 'the server refusal is shown at the short code');
    await shortCode.fill('UA');
    await form.getByRole('button', { name: 'Anlegen' }).click();
    await suite.page.getByText('Organisationseinheit „Umweltamt“ angelegt.').waitFor();
    await suite.page.getByRole('row', { name: /Umweltamt/ }).getByRole('button', { name: 'Umbenennen' }).click();
    const dialog = suite.page.getByRole('dialog', { name: '„Umweltamt“ umbenennen' });
    await dialog.getByLabel('Name').fill('Umwelt- und Klimaamt');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await suite.page.getByRole('row', { name: /Umwelt- und Klimaamt\s+UA/ }).waitFor();
    assert.deepEqual(await axeViolations(suite.page), []);
  });

  it('creates a service with a 14-digit LeiKa key (server message at the field) and changes its routing', async () => {
    await suite.page.getByRole('link', { name: 'Leistungen' }).click();
    await suite.page.getByRole('heading', { level: 2, name: 'Leistungen' }).waitFor();
    const form = suite.page.locator('form[aria-labelledby="service-create-heading"]');
    await form.getByLabel('LeiKa-Schlüssel').fill('12345');
    await form.getByLabel('Bezeichnung').fill('Fischereischein');
    await form.getByLabel('Zuständige Organisationseinheit').selectOption({ label: 'Ordnungsamt' });
    await form.getByRole('button', { name: 'Anlegen' }).click();
    await form.getByText('muss aus genau 14 Ziffern bestehen').waitFor();
    assert.equal(await form.getByLabel('LeiKa-Schlüssel').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('LeiKa-Schlüssel').fill('99036002001000');
    await form.getByRole('button', { name: 'Anlegen' }).click();
    await suite.page.getByText('Leistung „Fischereischein“ angelegt.').waitFor();

    await suite.page.getByRole('row', { name: /Fischereischein/ }).getByRole('button', { name: 'Zuständigkeit ändern' }).click();
    const dialog = suite.page.getByRole('dialog', { name: 'Zuständigkeit für „Fischereischein“' });
    await dialog.getByLabel('Zuständige Organisationseinheit').selectOption({ label: 'Bürgerbüro' });
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await suite.page.getByText('„Fischereischein“ ist jetzt Bürgerbüro zugeordnet.').waitFor();
    assert.match(await suite.page.getByRole('row', { name: /Fischereischein/ }).innerText(), /99036002001000\s+Bürgerbüro/);
    assert.deepEqual(await axeViolations(suite.page), []);
  });

  it('creates an API key shown once with a warning, which works until it is revoked', async () => {
    await suite.page.getByRole('link', { name: 'API-Schlüssel' }).click();
    await suite.page.getByRole('heading', { level: 2, name: 'API-Schlüssel' }).waitFor();
    const form = suite.page.locator('form[aria-labelledby="token-create-heading"]');
    await form.getByLabel('Bezeichnung').fill('Fachverfahren Gewerbe');
    await form.getByRole('group', { name: 'Berechtigungen' }).getByLabel('Vorgänge lesen').check();
    await form.getByRole('button', { name: 'Schlüssel erzeugen' }).click();
    const dialog = suite.page.getByRole('dialog', { name: 'API-Schlüssel erzeugt' });
    await dialog.getByText('Dieser Schlüssel wird nur jetzt angezeigt.').waitFor();
    const token = await dialog.getByLabel('API-Schlüssel').inputValue();
    assert.ok(token.length > 20);
    await suite.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await dialog.getByRole('button', { name: 'Kopieren' }).click();
    await dialog.getByText('In die Zwischenablage kopiert.').waitFor();
    assert.deepEqual(await axeViolations(suite.page), []);
    await dialog.getByRole('button', { name: 'Ich habe den Schlüssel gesichert' }).click();

    const read = () => fetch(`${suite.server.url}/api/cases?limit=1`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    assert.equal(await read(), 200);
    const row = suite.page.getByRole('row', { name: /Fachverfahren Gewerbe/ });
    await row.getByRole('button', { name: 'Widerrufen' }).click();
    await suite.page.getByRole('alertdialog', { name: 'API-Schlüssel widerrufen' }).getByRole('button', { name: 'Widerrufen' }).click();
    await suite.page.getByRole('row', { name: /Fachverfahren Gewerbe.*Widerrufen/ }).waitFor();
    assert.equal(await read(), 401);
  });

  it('has no axe violations on the people page and the invite dialog', async () => {
    await suite.page.getByRole('link', { name: 'Personen' }).click();
    await suite.page.locator('tr[data-user-email]').first().waitFor();
    assert.deepEqual(await axeViolations(suite.page), []);
    await suite.page.getByRole('button', { name: 'Person einladen' }).click();
    await suite.page.getByRole('dialog', { name: 'Person einladen' }).waitFor();
    assert.deepEqual(await axeViolations(suite.page), []);
    await suite.page.keyboard.press('Escape');
  });
});
