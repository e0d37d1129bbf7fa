import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createTenant, createUser } from '../../test/factories.js';
import type { Database } from '../db/database.js';

let n = 0;
const unique = () => `${Date.now() % 1e6}${n++}`;

async function world(db: Database, name: string) {
  const tenant = await createTenant(db, { name });
  const code = `BA${unique()}`;
  const unit = await createOrgUnit(db, { tenant, name: 'Bauamt', shortCode: code });
  const admin = await createUser(db, { tenant, roles: ['admin'] });
  return { tenant, unit, code, headers: await sessionHeaders(db, admin) };
}

describeEachDatabase('routing identifiers: CSV import (all or nothing, with a preview per line)', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());
  const importCsv = (headers: Record<string, string>, csv: string, dryRun?: boolean) =>
    h.app.inject({ method: 'POST', url: '/api/admin/routing-identifiers/import', headers, payload: { csv, ...(dryRun !== undefined ? { dryRun } : {}) } });
  const list = async (headers: Record<string, string>) => (await h.app.inject({ method: 'GET', url: '/api/admin/routing-identifiers', headers })).json().items as Array<{ scheme: string; value: string; orgUnitId: string | null }>;

  it('imports a spreadsheet export (BOM, header, German scheme names, org unit by short code)', async () => {
    const a = await world(t.db, 'Stadt Husum');
    const v = unique();
    const csv = `\uFEFFKennungsart;Kennung;Organisationseinheit\r\nzustaendigeStelle;19${v};\r\nOrganisationsEinheitenId;OE${v};${a.code.toLowerCase()}\r\nintelliform_client;husum-${v};\r\n`;
    const preview = await importCsv(a.headers, csv, true);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.json().valid, true);
    assert.deepEqual(preview.json().lines.map((l: { line: number; ok: boolean }) => [l.line, l.ok]), [[2, true], [3, true], [4, true]]);
    assert.equal((await list(a.headers)).length, 0, 'the preview saves nothing');

    const done = await importCsv(a.headers, csv);
    assert.equal(done.statusCode, 201, done.body);
    assert.equal(done.json().imported, 3);
    const rows = (await list(a.headers)).map((r) => [r.scheme, r.value, r.orgUnitId]).sort();
    assert.deepEqual(rows, [
      ['intelliform_client', `husum-${v}`, null],
      ['ozg_organisationseinheit', `OE${v}`, a.unit.id],
      ['ozg_zustaendige_stelle', `19${v}`, null],
    ]);
  });

  it('one bad line refuses the whole file, naming each line and field; nothing is saved', async () => {
    const a = await world(t.db, 'Stadt Niebüll');
    const b = await world(t.db, 'Gemeinde Leck');
    const taken = `PV${unique()}`;
    assert.equal((await h.app.inject({ method: 'POST', url: '/api/admin/routing-identifiers', headers: b.headers, payload: { scheme: 'pvog_organisation', value: taken } })).statusCode, 201);
    const v = unique();
    const csv = [
      `ozg_zustaendige_stelle;ok-${v}`,
      `postleitzahl;25899`,
      `pvog;${taken}`,
      `fit_connect_destination;kein-uuid`,
      `ozg_organisationseinheit;x-${v};GIBTSNICHT`,
      `ozg_zustaendige_stelle;OK-${v}`,
    ].join('\n');
    const preview = await importCsv(a.headers, csv, true);
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.json().valid, false);
    const lines = preview.json().lines as Array<{ line: number; ok: boolean; field?: string; code?: string; message?: string }>;
    assert.deepEqual(lines.map((l) => [l.line, l.ok, l.field ?? null, l.code ?? null]), [
      [1, true, null, null],
      [2, false, 'scheme', 'validation_failed'],
      [3, false, 'value', 'identifier_conflict'],
      [4, false, 'value', 'validation_failed'],
      [5, false, 'orgUnit', 'validation_failed'],
      [6, false, 'value', 'duplicate'],
    ]);
    assert.match(lines[2]!.message!, /bereits einer anderen Stelle zugeordnet/);
    assert.doesNotMatch(preview.body, /Leck/, 'the other municipality stays unnamed to a tenant admin');
    assert.match(lines[5]!.message!, /Zeile 1/);

    const refused = await importCsv(a.headers, csv);
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().code, 'import_rejected');
    assert.equal(refused.json().field, 'csv');
    assert.match(refused.json().detail, /^Zeile 2: Die Kennungsart „postleitzahl“ ist unbekannt/);
    assert.equal(refused.json().lines.length, 6);
    assert.equal((await list(a.headers)).length, 0, 'not even the good first line is saved');
  });

  it('an empty file is refused naming the field', async () => {
    const a = await world(t.db, 'Gemeinde Sylt');
    const res = await importCsv(a.headers, '\uFEFFKennungsart;Kennung\r\n');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, 'csv');
  });
});
