import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { apiSession, axeViolations, demoUser, launchBrowser, newPage, signInAs, startServer, type E2EServer } from './harness.js';

type Api = Awaited<ReturnType<typeof apiSession>>;

/** yyyy-mm-dd n days from today (German local date). */
function day(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
const german = (iso: string) => iso.split('-').reverse().join('.');

describe('notes and follow-ups', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let worker: Api;
  let target: { id: string; caseNumber: string; title: string };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    worker = await apiSession(server.url, 'sachbearbeitung1');
    // A case without the demo's notes and follow-ups, so the lists below hold only what this test adds.
    for (const c of (await worker.call('GET', '/api/cases?limit=50')).body.items) {
      const [notes, followUps] = await Promise.all([worker.call('GET', `/api/cases/${c.id}/notes`), worker.call('GET', `/api/cases/${c.id}/follow-ups`)]);
      if (!notes.body.items.length && !followUps.body.items.length) {
        target = c;
        break;
      }
    }
    page = await newPage(browser, server.url);
    await signInAs(page, 'sachbearbeitung1');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const notesPanel = () => page.locator('section.notes-panel');
  const followUpsPanel = () => page.locator('section.followups-panel');

  async function open() {
    await page.goto(`/vorgaenge/${target.id}`);
    await page.getByRole('heading', { level: 2, name: 'Notizen' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Wiedervorlagen' }).waitFor();
    await page.locator('.timeline__item').first().waitFor();
  }

  it('adds a note, edits it and deletes it after confirming', async () => {
    await open();
    const panel = notesPanel();
    await panel.getByRole('button', { name: 'Notiz hinzufügen' }).click();
    await panel.getByText('Bitte geben Sie einen Text für die Notiz ein.').waitFor();

    await panel.getByLabel('Neue Notiz').fill('Rückruf der Antragstellerin am Montag');
    await panel.getByRole('button', { name: 'Notiz hinzufügen' }).click();
    await panel.locator('li.note', { hasText: 'Rückruf der Antragstellerin am Montag' }).waitFor();
    const note = panel.locator('li.note').first();
    assert.equal(await panel.getByLabel('Neue Notiz').inputValue(), '', 'the draft is cleared once saved');
    await page.locator('.timeline__title', { hasText: 'Notiz hinzugefügt' }).waitFor();

    await note.getByRole('button', { name: 'Bearbeiten' }).click();
    await note.getByLabel('Notiz bearbeiten').fill('Rückruf erledigt, Unterlagen folgen per Post');
    await note.getByRole('button', { name: 'Speichern' }).click();
    const edited = panel.locator('li.note', { hasText: 'Rückruf erledigt, Unterlagen folgen per Post' });
    await edited.locator('.panel-item__meta', { hasText: 'bearbeitet' }).waitFor();
    await page.locator('.timeline__title', { hasText: 'Notiz bearbeitet' }).waitFor();

    await edited.getByRole('button', { name: 'Löschen' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Notiz löschen' });
    await confirm.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the confirmation dialog is accessible');
    await confirm.getByRole('button', { name: 'Notiz löschen' }).click();
    await panel.getByText('Noch keine Notizen.').waitFor();
    await page.locator('.timeline__title', { hasText: 'Notiz gelöscht' }).waitFor();
    assert.deepEqual((await worker.call('GET', `/api/cases/${target.id}/notes`)).body.items, []);
  });

  it('keeps a typed note through an expired session and saves it after signing in again', async () => {
    await open();
    const text = 'Nachweis der Haftpflichtversicherung angefordert';
    await notesPanel().getByLabel('Neue Notiz').fill(text);
    const status = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      return (await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } })).status;
    });
    assert.ok(status < 300);
    await notesPanel().getByRole('button', { name: 'Notiz hinzufügen' }).click();
    const expired = page.getByRole('alertdialog', { name: 'Sitzung abgelaufen' });
    await expired.waitFor();
    await expired.getByLabel('Passwort').fill(demoUser('sachbearbeitung1').password);
    await expired.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await notesPanel().locator('li.note', { hasText: text }).waitFor();
    const saved = (await worker.call('GET', `/api/cases/${target.id}/notes`)).body.items;
    assert.deepEqual(saved.map((n: { body: string }) => n.body), [text]);
  });

  it('adds a follow-up, lists it under "Meine Wiedervorlagen" and completes it', async () => {
    await open();
    const panel = followUpsPanel();
    await panel.getByLabel('Fällig am').fill(german(day(-1)));
    await panel.getByLabel('Betreff').fill('Unterlagen prüfen');
    await panel.getByRole('button', { name: 'Wiedervorlage anlegen' }).click();
    await panel.getByText('Das Datum darf nicht in der Vergangenheit liegen.').waitFor();
    assert.equal(await panel.getByLabel('Betreff').inputValue(), 'Unterlagen prüfen', 'nothing typed is lost');

    await panel.getByLabel('Fällig am').fill(german(day(7)));
    await panel.getByLabel('Beschreibung (optional)').fill('Gewerbenachweis und Ausweis');
    await panel.getByRole('button', { name: 'Wiedervorlage anlegen' }).click();
    const item = panel.locator('li.follow-up', { hasText: 'Unterlagen prüfen' });
    await item.getByText(`fällig am ${german(day(7))}`).waitFor();
    await page.locator('.timeline__title', { hasText: 'Wiedervorlage angelegt' }).waitFor();

    // A second follow-up whose date has passed meanwhile: shown as overdue, first in the list.
    const late = await worker.call('POST', `/api/cases/${target.id}/follow-ups`, { dueDate: day(1), subject: 'Frist abgelaufen?' });
    assert.equal(late.status, 201);
    await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      trx.updateTable('follow_ups').set({ due_date: day(-2) }).where('id', '=', late.body.id).execute(),
    );

    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Wiedervorlagen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meine Wiedervorlagen' }).waitFor();
    // The demo's own follow-ups of this caseworker are listed too; overdue ones come first.
    const rows = page.locator('.myfollowups-table tbody tr');
    await rows.filter({ hasText: 'Unterlagen prüfen' }).waitFor();
    const texts = await rows.allInnerTexts();
    const lateRow = texts.findIndex((r) => r.includes('Frist abgelaufen?'));
    const soon = texts.findIndex((r) => r.includes('Unterlagen prüfen'));
    assert.ok(lateRow >= 0 && lateRow < soon, texts.join(' | '));
    assert.match(texts[lateRow]!, /Überfällig/, 'overdue is said in words, not only by colour');
    assert.match(texts[soon]!, new RegExp(`Unterlagen prüfen[\\s\\S]*${target.caseNumber}`));
    assert.ok(texts.slice(0, lateRow).every((r) => /Überfällig/.test(r)), 'only overdue ones before it');
    assert.deepEqual(await axeViolations(page), [], 'my follow-ups page');

    await rows.nth(soon).getByRole('link', { name: target.caseNumber }).click();
    await page.getByRole('heading', { level: 2, name: 'Wiedervorlagen' }).waitFor();
    await followUpsPanel().locator('li.follow-up', { hasText: 'Frist abgelaufen?' }).getByText('Überfällig').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'case page with notes and follow-ups');

    const open1 = followUpsPanel().locator('li.follow-up', { hasText: 'Unterlagen prüfen' });
    await open1.getByRole('button', { name: 'Als erledigt markieren' }).click();
    await open1.getByText(/erledigt am .* von Aylin Demir/).waitFor();
    await open1.getByRole('button', { name: 'Wieder öffnen' }).waitFor();
    const mine = (await worker.call('GET', '/api/follow-ups?state=done')).body.items;
    assert.deepEqual(mine.map((f: { subject: string }) => f.subject), ['Unterlagen prüfen']);
  });

  it('the inbox shows the next follow-up and filters overdue ones', async () => {
    await page.goto('/?followUp=overdue');
    const rows = page.locator('.inbox-table:not([data-loading]) tr.inbox-row');
    await rows.first().waitFor();
    const overdue = (await worker.call('GET', '/api/cases?followUp=overdue&limit=200')).body.items.map((c: { caseNumber: string }) => c.caseNumber);
    assert.ok(overdue.includes(target.caseNumber));
    assert.equal(await rows.count(), overdue.length);
    for (const text of await rows.allInnerTexts()) assert.match(text, /Überfällig/);
    await page.locator(`tr.inbox-row[data-case-number="${target.caseNumber}"]`, { hasText: 'Überfällig' }).waitFor();
    assert.equal(await page.getByLabel('Wiedervorlage', { exact: true }).inputValue(), 'overdue');
  });
  it('edits date, subject and description of a follow-up in place', async () => {
    await open();
    const item = followUpsPanel().locator('li.follow-up', { hasText: 'Frist abgelaufen?' });
    await item.getByText('Überfällig').waitFor();
    await item.getByRole('button', { name: 'Bearbeiten' }).click();
    const form = followUpsPanel().getByRole('form', { name: 'Wiedervorlage „Frist abgelaufen?“ bearbeiten' });
    await form.waitFor();
    assert.equal(await form.getByLabel('Fällig am').evaluate((el) => el === document.activeElement), true, 'focus moves into the form');
    assert.equal(await form.getByLabel('Fällig am').inputValue(), german(day(-2)), 'shown as TT.MM.JJJJ');
    assert.deepEqual(await axeViolations(page), [], 'follow-up in edit mode');

    // The overdue date may stay as it is while the text changes; a new date must not be in the past.
    await form.getByLabel('Betreff').fill('');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByText('Bitte geben Sie einen Betreff an.').waitFor();
    await form.getByLabel('Betreff').fill('Frist beim Antragsteller nachfragen');
    await form.getByLabel('Fällig am').fill(german(day(-1)));
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByText('Das Datum darf nicht in der Vergangenheit liegen.').waitFor();
    assert.equal(await form.getByLabel('Betreff').inputValue(), 'Frist beim Antragsteller nachfragen', 'nothing typed is lost');

    await form.getByLabel('Fällig am').fill(german(day(3)));
    await form.getByLabel('Beschreibung (optional)').fill('Telefonisch, vormittags');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.waitFor({ state: 'detached' });
    const edited = followUpsPanel().locator('li.follow-up', { hasText: 'Frist beim Antragsteller nachfragen' });
    await edited.getByText(`fällig am ${german(day(3))}`).waitFor();
    await edited.getByText('Telefonisch, vormittags').waitFor();
    assert.equal(await edited.getByText('Überfällig').count(), 0, 'no longer overdue');
    // Focus returns to the follow-up's "Bearbeiten" button.
    await edited.getByRole('button', { name: 'Bearbeiten' }).and(page.locator(':focus')).waitFor();
    await followUpsPanel().getByRole('status').getByText('Die Wiedervorlage wurde gespeichert.').waitFor({ state: 'attached' });
    await page.locator('.timeline__title', { hasText: 'Wiedervorlage geändert' }).waitFor();

    const stored = (await worker.call('GET', `/api/cases/${target.id}/follow-ups`)).body.items
      .find((f: { subject: string }) => f.subject === 'Frist beim Antragsteller nachfragen');
    assert.deepEqual([stored.dueDate, stored.description, stored.overdue], [day(3), 'Telefonisch, vormittags', false]);

    // Escape leaves the form without saving.
    await edited.getByRole('button', { name: 'Bearbeiten' }).click();
    const again = followUpsPanel().getByRole('form', { name: 'Wiedervorlage „Frist beim Antragsteller nachfragen“ bearbeiten' });
    await again.getByLabel('Betreff').fill('Verworfen');
    await page.keyboard.press('Escape');
    await again.waitFor({ state: 'detached' });
    await edited.getByText('Frist beim Antragsteller nachfragen').waitFor();
    assert.equal((await worker.call('GET', `/api/cases/${target.id}/follow-ups`)).body.items.some((f: { subject: string }) => f.subject === 'Verworfen'), false);
  });
});
