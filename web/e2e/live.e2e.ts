import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, axeViolations, launchBrowser, newPage, signInAs, startServer, type E2EServer } from './harness.js';

type Api = Awaited<ReturnType<typeof apiSession>>;

describe('live updates in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let admin: Api;
  let intakeToken: string;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.url, 'admin');
    const created = await admin.call('POST', '/api/admin/api-tokens', { name: 'Formularserver', scopes: ['intake:submit'] });
    assert.equal(created.status, 201);
    intakeToken = created.body.token;
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a case submitted through the API appears in the open inbox without reloading the page', async () => {
    await page.goto('/');
    await page.locator('.inbox-row').first().waitFor();
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
    await page.locator('.inbox-row').nth(1).locator('.bulk-check').click();

    const res = await fetch(`${server.url}/api/intake/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${intakeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        transactionId: 'live-e2e-1',
        serviceKey: '99050012104000',
        title: 'Gewerbeanmeldung Live-Test',
        applicant: { kind: 'person', firstName: 'Lina', lastName: 'Liveberg', address: { street: 'Markt', houseNumber: '1', postalCode: '24103', city: 'Kiel' } },
        formData: [{ name: 'taetigkeit', label: 'Tätigkeit', stringValue: 'Bäckerei' }],
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const caseNumber = (await res.json()).caseNumber as string;

    const banner = page.getByRole('button', { name: '1 neuer Vorgang – anzeigen' });
    await banner.click();
    await page.locator(`.inbox-row[data-case-number="${caseNumber}"]`, { hasText: 'Liveberg, Lina' }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker), 42, 'no page reload');
    assert.equal(await page.getByText('1 Vorgang ausgewählt').count(), 1, 'the selection survives');
  });

  it("a colleague's change shows in the inbox row and in the open case detail, which offers to reload", async () => {
    const target = (await admin.call('GET', '/api/cases?status=new&limit=5')).body.items.find((c: any) => c.assignee === null);
    await page.goto('/?status=new');
    const row = page.locator(`.inbox-row[data-case-number="${target.caseNumber}"]`);
    await row.waitFor();
    assert.equal(await admin.call('PUT', `/api/cases/${target.id}/assignee`, { assigneeId: admin.me.user.id, version: target.version }).then((r) => r.status), 200);
    await page.locator(`.inbox-row[data-case-number="${target.caseNumber}"]`, { hasText: admin.me.user.displayName }).waitFor();

    await page.goto(`/vorgaenge/${target.id}`);
    await page.locator('.timeline__item').first().waitFor();
    const current = (await admin.call('GET', `/api/cases/${target.id}`)).body;
    assert.equal((await admin.call('POST', `/api/cases/${target.id}/transitions`, { action: 'accept', version: current.version })).status, 200);
    const notice = page.getByRole('status').filter({ hasText: `Dieser Vorgang wurde von ${admin.me.user.displayName} geändert.` });
    await notice.waitFor();
    assert.equal(await page.locator('.case-header .status').textContent(), 'Neu', 'nothing changes under the user’s hands');
    await notice.getByRole('button', { name: 'Neu laden' }).click();
    await page.locator('.case-header .status', { hasText: 'Angenommen' }).waitFor();
  });
  it("a colleague's note and follow-up appear in their panels without the 'changed – reload' prompt; a real change still prompts", async () => {
    const target = (await admin.call('GET', '/api/cases?status=new&limit=20')).body.items.at(-1);
    await page.goto(`/vorgaenge/${target.id}`);
    await page.getByRole('heading', { level: 2, name: 'Notizen' }).waitFor();
    await page.locator('.timeline__item').first().waitFor();
    const prompt = page.getByText(`Dieser Vorgang wurde von ${admin.me.user.displayName} geändert.`);

    assert.equal((await admin.call('POST', `/api/cases/${target.id}/notes`, { body: 'Antragsteller ruft morgen zurück' })).status, 201);
    await page.locator('section.notes-panel li.note', { hasText: 'Antragsteller ruft morgen zurück' }).waitFor();
    await page.locator('section.notes-panel').getByRole('status').getByText(`${admin.me.user.displayName} hat die Notizen geändert.`).waitFor({ state: 'attached' });
    await page.locator('.timeline__title', { hasText: 'Notiz hinzugefügt' }).waitFor();

    const due = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    assert.equal((await admin.call('POST', `/api/cases/${target.id}/follow-ups`, { dueDate: due, subject: 'Rückruf abwarten', ownerId: admin.me.user.id })).status, 201);
    await page.locator('section.followups-panel li.follow-up', { hasText: 'Rückruf abwarten' }).waitFor();
    await page.locator('.timeline__title', { hasText: 'Wiedervorlage angelegt' }).waitFor();
    assert.equal(await prompt.count(), 0, 'notes and follow-ups do not change the case: no reload prompt');
    assert.deepEqual(await axeViolations(page), [], 'case page after live note and follow-up');

    assert.equal((await admin.call('POST', `/api/cases/${target.id}/transitions`, { action: 'accept', version: target.version })).status, 200);
    await prompt.waitFor();
  });
});
