// An intelliForm deposit as a city's form server sends it — primary data with coded select fields
// plus the labelled rendition — opened in the desk: the caseworker reads labels and option texts
// ("Geschlecht: weiblich"), with the code the form sent beside them. Screenshot for the docs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { createApiToken } from '../../server/src/auth/api-tokens.js';
import { LEIHGERAET_LABELLED_XML, LEIHGERAET_XML, depositEnvelope } from '../../server/test/fixtures/intelliform.js';
import { SCREENSHOT_DIR, TENANT, axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

const LEIKA = '99104005000000';

describe('intelliForm case in the desk', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let caseId: string;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await withTenant(server.db, { tenantId: server.tenantId }, async (trx) => {
      const unit = await trx.selectFrom('org_units').select('id').where('name', '=', 'Bürgerbüro').executeTakeFirstOrThrow();
      await trx.insertInto('services').values({ id: crypto.randomUUID(), tenant_id: server.tenantId, leika_key: LEIKA, name: 'Leihgerät für den Distanzunterricht', org_unit_id: unit.id }).execute();
    });
    const { token } = await createApiToken(server.db, server.tenantId, { name: 'intelliForm', scopes: ['intake:submit'], createdBy: null });
    const envelope = depositEnvelope({
      id: 'e2e-leihgeraet-1', token, formId: 'leihgeraet-schule/1.3', primaryXml: LEIHGERAET_XML, labelledXml: LEIHGERAET_LABELLED_XML,
      customParameters: { leikaId: LEIKA, zustaendigeStelle: TENANT.ags, formName: 'Leihgerät für den Distanzunterricht' },
    });
    const res = await fetch(`${server.url}/api/intake/intelliform`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body: envelope });
    const answer = await res.text();
    assert.equal(res.status, 200, answer);
    caseId = /<key>vorgangId<\/key><value>([^<]+)<\/value>/.exec(answer)![1]!;
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows labels and option texts with their codes, passes axe, and is photographed', async () => {
    await page.goto(`/vorgaenge/${caseId}`);
    const form = page.locator('section[aria-labelledby="formdata-heading"]');
    await form.getByText('Betriebssystem des PCs zu Hause').waitFor();
    const text = (await form.innerText()).replace(/\s+/g, ' ');
    for (const shown of ['Antragstellende Person (Erziehungsberechtigte)', 'Geschlecht weiblich (Schlüssel 1)', 'Familienname Demir', 'Schulart Gymnasium (Schlüssel 3)', 'Betriebssystem des PCs zu Hause Windows (Schlüssel 1)', 'Internetzugang zu Hause vorhanden Nein', 'Geburtsdatum 14.03.1984']) {
      assert.ok(text.includes(shown), `„${shown}“ in: ${text}`);
    }
    for (const raw of ['betriebssystem_pc', 'geschlecht', 'antragsteller']) assert.ok(!text.includes(raw), `no raw element name „${raw}“`);
    assert.deepEqual(await axeViolations(page), []);
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, 'intelliform-labels');
    await form.screenshot({ path: join(SCREENSHOT_DIR, 'intelliform-labels-formdata.png') });
  });
});
