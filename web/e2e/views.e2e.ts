import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, axeViolations, browserSuite, caseNumbers, newPage, settled, signInAs } from './harness.js';

describe('saved views', () => {
  const suite = browserSuite({ signInAs: 'admin', waitForInbox: true });

  it('saves status chip + search as a view, and applying it after a reset restores URL and list', async () => {
    await suite.page.getByRole('button', { name: /^Neu \(\d+\)$/ }).click();
    await suite.page.waitForURL(/status=new/);
    await settled(suite.page);
    const applicant = await suite.page.locator('.inbox-table tr.inbox-row').first().evaluate((tr) => (tr as HTMLElement).innerText);
    const all = await caseNumbers(suite.page);
    const term = all[0]!;
    await suite.page.getByRole('searchbox', { name: 'Suche' }).fill(term);
    await suite.page.waitForURL((u) => u.searchParams.get('q') === term);
    await settled(suite.page);
    const savedUrl = new URL(suite.page.url());
    const savedList = await caseNumbers(suite.page);
    assert.ok(savedList.length >= 1 && savedList.length < all.length + 1, applicant);

    await suite.page.getByRole('button', { name: 'Ansichten' }).click();
    await suite.page.getByRole('menu', { name: /Ansichten/ }).waitFor();
    assert.deepEqual(await axeViolations(suite.page), [], 'menu open');
    await suite.page.getByRole('menuitem', { name: 'Aktuelle Ansicht speichern …' }).click();
    const dialog = suite.page.getByRole('dialog', { name: 'Aktuelle Ansicht speichern' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.getByText('Bitte geben Sie einen Namen für die Ansicht ein.').waitFor();
    assert.equal(await dialog.getByRole('textbox', { name: /Name der Ansicht/ }).getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(suite.page), [], 'dialog open with a validation message');
    await dialog.getByRole('textbox', { name: /Name der Ansicht/ }).fill('Neue mit Nummer');
    await dialog.getByRole('checkbox', { name: 'Für alle in der Kommune freigeben' }).check();
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.waitFor({ state: 'detached' });

    await suite.page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await suite.page.waitForURL((u) => u.search === '');
    await settled(suite.page);
    assert.ok((await caseNumbers(suite.page)).length > savedList.length);

    await suite.page.getByRole('button', { name: 'Ansichten' }).click();
    await suite.page.getByRole('menuitem', { name: /Neue mit Nummer.*freigegeben/ }).click();
    await suite.page.waitForURL((u) => u.searchParams.get('q') === term);
    await settled(suite.page);
    const restored = new URL(suite.page.url());
    assert.deepEqual([...restored.searchParams].sort(), [...savedUrl.searchParams].sort());
    assert.deepEqual(await caseNumbers(suite.page), savedList);
    assert.equal(await suite.page.getByRole('button', { name: /^Neu \(/ }).getAttribute('aria-pressed'), 'true');
    assert.equal(await suite.page.getByRole('searchbox', { name: 'Suche' }).inputValue(), term);
  });

  it('an admin withdraws and grants sharing of an existing view; colleagues see it only while it is shared', async () => {
    const colleague = await apiSession(suite.server.url, 'sachbearbeitung1');
    const colleagueSees = async () => ((await colleague.call('GET', '/api/views')).body.items as { name: string }[]).map((v) => v.name);
    assert.deepEqual(await colleagueSees(), ['Neue mit Nummer']);

    await suite.page.getByRole('button', { name: 'Ansichten' }).click();
    await suite.page.getByRole('menuitem', { name: 'Eigene Ansichten verwalten …' }).click();
    const dialog = suite.page.getByRole('dialog', { name: 'Eigene Ansichten verwalten' });
    await dialog.getByText('Neue mit Nummer (freigegeben)').waitFor();
    await dialog.getByRole('button', { name: 'Freigabe aufheben: Neue mit Nummer' }).click();
    await dialog.getByRole('status').getByText('Ansicht „Neue mit Nummer“ ist nicht mehr freigegeben; nur Sie sehen sie.').waitFor();
    await dialog.getByRole('button', { name: 'Freigeben: Neue mit Nummer' }).waitFor();
    assert.equal(await dialog.getByText('(freigegeben)').count(), 0);
    assert.deepEqual(await colleagueSees(), []);
    assert.deepEqual(await axeViolations(suite.page), [], 'manage dialog after unsharing');

    await dialog.getByRole('button', { name: 'Freigeben: Neue mit Nummer' }).click();
    await dialog.getByRole('status').getByText('Ansicht „Neue mit Nummer“ ist jetzt für alle in der Kommune freigegeben.').waitFor();
    await dialog.getByText('Neue mit Nummer (freigegeben)').waitFor();
    assert.deepEqual(await colleagueSees(), ['Neue mit Nummer']);
    await suite.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('a caseworker is not offered sharing for an own view', async () => {
    const colleague = await apiSession(suite.server.url, 'sachbearbeitung1');
    assert.equal((await colleague.call('POST', '/api/views', { name: 'Meine Neuen', query: 'status=new' })).status, 201);
    const other = await newPage(suite.browser, suite.server.url);
    await signInAs(other, 'sachbearbeitung1');
    await settled(other);
    await other.getByRole('button', { name: 'Ansichten' }).click();
    await other.getByRole('menuitem', { name: 'Eigene Ansichten verwalten …' }).click();
    const dialog = other.getByRole('dialog', { name: 'Eigene Ansichten verwalten' });
    await dialog.getByRole('button', { name: 'Umbenennen: Meine Neuen' }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: /^Freigeben/ }).count(), 0);
    await other.close();
  });

  it('renames and deletes an own view after confirmation', async () => {
    await suite.page.getByRole('button', { name: 'Ansichten' }).click();
    await suite.page.getByRole('menuitem', { name: 'Eigene Ansichten verwalten …' }).click();
    const dialog = suite.page.getByRole('dialog', { name: 'Eigene Ansichten verwalten' });
    await dialog.getByRole('button', { name: 'Umbenennen: Neue mit Nummer' }).click();
    await dialog.getByRole('textbox', { name: /Neuer Name/ }).fill('Eingänge');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.getByRole('button', { name: 'Löschen: Eingänge' }).click();
    await dialog.getByText('Ansicht „Eingänge“ wirklich löschen?').waitFor();
    assert.deepEqual(await axeViolations(suite.page), [], 'manage dialog with confirmation');
    await dialog.getByRole('button', { name: 'Ja, löschen' }).click();
    await dialog.getByText('Sie haben noch keine Ansichten gespeichert.').waitFor();
  });
});
