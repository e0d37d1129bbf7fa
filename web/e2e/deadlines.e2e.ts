import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withTenant } from '../../server/src/db/database.js';
import { apiSession, axeViolations, browserSuite, caseNumbers, cellTexts, screenshot, settled } from './harness.js';

/** yyyy-mm-dd n calendar days from today (German local date). */
function day(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
const german = (iso: string) => iso.split('-').reverse().join('.');

interface Target { id: string; caseNumber: string; serviceId: string }

describe('deadlines in the desk', () => {
  const suite = browserSuite({ signInAs: 'poststelle' });
  let overdue: Target;
  let soon: Target;
  let paused: Target;

  before(async () => {
    // The demo services have no deadlines: three open cases get one here, as the write model would
    // have set it (an overdue one, one due in two days, one paused by an open query).
    const admin = await apiSession(suite.server.url, 'admin');
    const open = (await admin.call('GET', '/api/cases?status=new&status=accepted&status=in_progress&limit=50&sort=received_at')).body.items as Array<{ id: string; caseNumber: string; service: { id: string } }>;
    const services = [...new Set(open.map((c) => c.service.id))];
    assert.ok(services.length >= 2, 'the demo has open cases of at least two services');
    const pick = (serviceId: string, skip: string[] = []) => {
      const c = open.find((x) => x.service.id === serviceId && !skip.includes(x.id))!;
      return { id: c.id, caseNumber: c.caseNumber, serviceId };
    };
    overdue = pick(services[0]!);
    soon = pick(services[1]!);
    paused = pick(services[1]!, [soon.id]);
    // The overdue case's service carries the Genehmigungsfiktion (set through the admin route).
    const saved = await admin.call('PUT', `/api/admin/services/${overdue.serviceId}/deadline`, { workingDays: 20, kind: 'statutory', deemedApproval: true });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    await withTenant(suite.server.db, { tenantId: suite.server.tenantId }, async (trx) => {
      const set = (id: string, values: { due_on: string; deadline_paused_on?: string | null }) =>
        trx.updateTable('cases').set(values).where('tenant_id', '=', suite.server.tenantId).where('id', '=', id).execute();
      await set(overdue.id, { due_on: day(-10) });
      await set(soon.id, { due_on: day(2) });
      await set(paused.id, { due_on: day(30), deadline_paused_on: day(-3) });
    });
  });

  const filterTo = async (label: string) => {
    await suite.page.getByRole('combobox', { name: 'Bearbeitungsfrist' }).selectOption({ label });
    await settled(suite.page);
  };

  it('shows the deadline column, sorts by it and filters overdue, due soon and paused cases', async () => {
    const page = suite.page;
    await page.goto('/');
    await settled(page);
    await page.getByRole('columnheader', { name: /^Frist/ }).click();
    await page.waitForURL(/sort=due/);
    await settled(page);
    const numbers = await caseNumbers(page);
    assert.deepEqual(numbers.slice(0, 3), [overdue.caseNumber, soon.caseNumber, paused.caseNumber], 'earliest due day first, cases without a deadline after');
    const column = await cellTexts(page, 'Frist');
    assert.match(column[0]!, new RegExp(`${german(day(-10))}\\s*seit \\d+ Arbeitstagen? überschritten`));
    assert.match(column[1]!, /noch \d+ Arbeitstage?|endet heute/);
    assert.match(column[2]!, /angehalten/);
    assert.equal(column[3], 'keine');
    assert.deepEqual(await axeViolations(page), [], 'the inbox with the deadline column is accessible');

    await filterTo('Überschritten');
    await page.waitForURL(/deadline=overdue/);
    assert.deepEqual(await caseNumbers(page), [overdue.caseNumber]);
    await screenshot(page, 'deadlines-inbox-overdue');

    await filterTo('Angehalten (Rückfrage offen)');
    assert.deepEqual(await caseNumbers(page), [paused.caseNumber]);

    await filterTo('Endet in den nächsten 7 Tagen');
    await page.waitForURL(/deadline=soon/);
    assert.deepEqual(await caseNumbers(page), [soon.caseNumber], 'neither the overdue nor the paused case is "due soon"');

    await filterTo('Alle');
    await screenshot(page, 'deadlines-inbox');
  });

  it('shows the case deadline panel: paused with its reason, Genehmigungsfiktion, and extends with a reason', async () => {
    const page = suite.page;
    await page.goto(`/vorgaenge/${paused.id}`);
    const panel = page.locator('section.deadline-panel');
    await panel.getByRole('heading', { level: 2, name: 'Bearbeitungsfrist' }).waitFor();
    await panel.getByText(`Angehalten seit ${german(day(-3))}`).waitFor();
    assert.equal(await panel.getByText('Genehmigungsfiktion').count(), 0, 'only services marked by the admin show the flag');

    await page.goto(`/vorgaenge/${overdue.id}`);
    await panel.getByText(/seit \d+ Arbeitstagen? überschritten/).waitFor();
    await panel.getByText('Genehmigungsfiktion (§ 42a VwVfG)').waitFor();
    await panel.getByText('(Gesetzliche Frist)').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the case page with the deadline panel is accessible');
    await screenshot(page, 'deadlines-case');

    await panel.getByRole('button', { name: 'Frist verlängern' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bearbeitungsfrist verlängern' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Frist verlängern' }).click();
    await dialog.getByText('Bitte geben Sie eine ganze Zahl von 1 bis 250 ein.').waitFor();
    await dialog.getByText('Bitte begründen Sie die Verlängerung.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the extension dialog with its errors is accessible');

    await dialog.getByRole('radio', { name: 'bis zu einem Tag' }).check();
    await dialog.getByLabel('Neues Fristende').fill(german(day(20)));
    await dialog.getByLabel('Begründung').fill('Gutachten des Bauamts steht aus');
    await screenshot(page, 'deadlines-extend-dialog');
    await dialog.getByRole('button', { name: 'Frist verlängern' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.timeline__title', { hasText: 'Frist verlängert' }).waitFor();
    const due = await panel.locator('time').first().getAttribute('datetime');
    assert.ok(due && due >= day(20), `the due day moved to ${day(20)} or the next working day after it, got ${due}`);
    await panel.getByText(/noch \d+ Arbeitstage?/).waitFor();
  });
});
