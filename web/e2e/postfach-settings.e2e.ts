import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, browserSuite, screenshot } from './harness.js';

describe('Postfach adapters in the tenant administration', () => {
  const suite = browserSuite({ signInAs: 'admin' });

  it('sets up the MUK gateway after the SSRF guard refused an internal address; the secret is not shown again', async () => {
    await suite.page.goto(`${suite.server.url}/verwaltung`);
    await suite.page.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Postfächer' }).click();
    await suite.page.getByRole('heading', { level: 2, name: 'Postfächer' }).waitFor();
    const form = suite.page.getByRole('form', { name: 'Postfach von Mein Unternehmenskonto' });
    await form.getByText('Es fehlt noch: Adresse des Dienstes.').waitFor();
    assert.deepEqual(await axeViolations(suite.page), [], 'the settings page is accessible');

    await form.getByLabel('Adresse des Dienstes').fill('http://10.0.0.5/muk');
    await form.getByRole('button', { name: 'Speichern' }).click();
    const url = form.getByLabel('Adresse des Dienstes');
    await suite.page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await url.elementHandle());

    await url.fill('https://muk-gateway.example.org/api');
    await form.getByLabel('Client-Secret').fill('muk-gateway-secret-123');
    await form.getByLabel('Eingeschaltet').check();
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByText('Postfach von Mein Unternehmenskonto: Einstellungen gespeichert.').waitFor();
    await form.getByText('Alle nötigen Angaben sind eingetragen.').waitFor();
    assert.equal(await form.getByLabel('Client-Secret').inputValue(), '', 'the secret is not put back into the form');
    await form.getByText('Gespeichert – leer lassen, um es zu behalten.').waitFor();

    await suite.page.reload();
    const again = suite.page.getByRole('form', { name: 'Postfach von Mein Unternehmenskonto' });
    assert.equal(await again.getByLabel('Adresse des Dienstes').inputValue(), 'https://muk-gateway.example.org/api');
    assert.equal(await again.getByLabel('Eingeschaltet').isChecked(), true);
    assert.ok(!(await suite.page.content()).includes('muk-gateway-secret-123'), 'the secret never reaches the page');
    assert.deepEqual(await axeViolations(suite.page), []);
    await screenshot(suite.page, 'admin-postfach');
  });
});
