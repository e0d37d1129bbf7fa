import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, axeViolations, browserSuite, caseNumbers, demoUser, newPage, screenshot, settled, signInAs } from './harness.js';

/** yyyy-mm-dd n calendar days from today (German local date). */
function day(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
const german = (iso: string) => iso.split('-').reverse().join('.');

describe('absences and deputies in the desk', () => {
  const suite = browserSuite({ signInAs: 'sachbearbeitung1' });
  const absent = demoUser('sachbearbeitung1');
  const deputy = demoUser('sachbearbeitung2');

  it('records an own absence with a deputy; the dialog explains what is missing', async () => {
    const page = suite.page;
    await page.getByRole('navigation', { name: /Hauptnavigation|Navigation/ }).getByRole('link', { name: 'Abwesenheiten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Abwesenheiten' }).waitFor();
    await page.getByText('Keine laufenden oder kommenden Abwesenheiten.').waitFor();
    await page.getByRole('button', { name: 'Abwesenheit eintragen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Abwesenheit eintragen' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Abwesende Person').count(), 0, 'a caseworker records only their own absence');
    await dialog.getByRole('button', { name: 'Eintragen' }).click();
    await dialog.getByText('Bitte wählen Sie die Vertretung.').waitFor();
    assert.equal(await dialog.getByText('Bitte geben Sie ein Datum ein (TT.MM.JJJJ).').count(), 2);
    assert.deepEqual(await axeViolations(page), [], 'the absence dialog with its errors is accessible');

    await dialog.getByLabel('Vertretung', { exact: true }).selectOption({ label: deputy.displayName });
    await dialog.getByLabel('Erster Tag').fill(german(day(0)));
    await dialog.getByLabel('Letzter Tag (einschließlich)').fill(german(day(14)));
    await dialog.getByLabel('Hinweis für die Vertretung (freiwillig)').fill('Bauanträge bitte vorziehen');
    await screenshot(page, 'deadlines-absence-dialog');
    await dialog.getByRole('button', { name: 'Eintragen' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tr.absence-row', { hasText: deputy.displayName });
    await row.getByText(`${german(day(0))} bis ${german(day(14))}`).waitFor();
    await row.getByText('läuft').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the absences page is accessible');
    await screenshot(page, 'deadlines-absences');
  });

  it('refuses an overlapping absence in the dialog, naming the period', async () => {
    const page = suite.page;
    await page.getByRole('button', { name: 'Abwesenheit eintragen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Abwesenheit eintragen' });
    await dialog.getByLabel('Vertretung', { exact: true }).selectOption({ label: deputy.displayName });
    await dialog.getByLabel('Erster Tag').fill(german(day(7)));
    await dialog.getByLabel('Letzter Tag (einschließlich)').fill(german(day(20)));
    await dialog.getByRole('button', { name: 'Eintragen' }).click();
    await dialog.getByText(`ist vom ${german(day(0))} bis ${german(day(14))} bereits abwesend`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    assert.equal(await page.locator('tr.absence-row').count(), 1, 'nothing was recorded');
  });

  it('the deputy sees exactly the absent person’s cases under „In Vertretung“, marked as such', async () => {
    const own = await apiSession(suite.server.url, 'sachbearbeitung1');
    const assigned = (await own.call('GET', '/api/cases?assignee=me&limit=200')).body.items as Array<{ caseNumber: string }>;
    assert.ok(assigned.length > 0, 'the demo assigns cases to the absent caseworker');

    const page = await newPage(suite.browser, suite.server.url);
    await signInAs(page, 'sachbearbeitung2');
    await settled(page);
    await page.getByRole('checkbox', { name: 'In Vertretung' }).check();
    await page.waitForURL(/deputy=true/);
    await settled(page);
    assert.deepEqual(new Set(await caseNumbers(page)), new Set(assigned.map((c) => c.caseNumber)));
    assert.equal(await page.locator('tr.inbox-row .deputy-badge').count(), assigned.length, 'each row says „in Vertretung für …“');
    await page.locator('tr.inbox-row .deputy-badge').first().getByText(`in Vertretung für ${absent.displayName}`).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the inbox with the deputy filter is accessible');
    await page.locator('.inbox-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'deadlines-deputy-inbox');
    await page.context().close();
  });

  it('a team lead records for someone else (a deputy who is absent is refused) and redistributes cases', async () => {
    const page = await newPage(suite.browser, suite.server.url);
    await signInAs(page, 'admin');
    await page.goto('/abwesenheiten');
    await page.getByRole('heading', { level: 2, name: 'Alle Abwesenheiten der Kommune' }).waitFor();
    await page.getByRole('button', { name: 'Abwesenheit für eine andere Person eintragen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Abwesenheit eintragen' });
    await dialog.getByLabel('Abwesende Person').selectOption({ label: deputy.displayName });
    await dialog.getByLabel('Vertretung', { exact: true }).selectOption({ label: absent.displayName });
    await dialog.getByLabel('Erster Tag').fill(german(day(1)));
    await dialog.getByLabel('Letzter Tag (einschließlich)').fill(german(day(3)));
    await dialog.getByRole('button', { name: 'Eintragen' }).click();
    await dialog.getByText('selbst abwesend', { exact: false }).waitFor();
    assert.equal(await dialog.getByLabel('Vertretung', { exact: true }).getAttribute('aria-invalid'), 'true', 'the error sits at the deputy field');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();

    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Vorgänge neu verteilen' }) });
    await section.getByRole('button', { name: 'Vorgänge verteilen' }).click();
    await section.getByText('Bitte wählen Sie, wessen Vorgänge verteilt werden.').waitFor();
    await section.getByText('Bitte wählen Sie mindestens eine Person.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the redistribution form with its errors is accessible');
    await section.getByLabel('Von Person').selectOption({ label: absent.displayName });
    // To someone who may work every unit (the deputy's units differ from the absent caseworker's).
    await section.getByRole('checkbox', { name: demoUser('poststelle').displayName }).check();
    await section.getByRole('button', { name: 'Vorgänge verteilen' }).click();
    await section.getByText(/Vorg(ang|änge) neu verteilt/).waitFor();
    await screenshot(page, 'deadlines-redistribute');

    const own = await apiSession(suite.server.url, 'sachbearbeitung1');
    const left = (await own.call('GET', '/api/cases?assignee=me&status=new&status=accepted&status=in_progress&status=reopened&status=forwarded&status=decided&limit=200')).body.items;
    assert.deepEqual(left, [], 'no open case of the absent caseworker is left with them');
    await page.context().close();
  });
});
