import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createOrgUnit, createService, createTenant, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { listCases, type CaseFilters } from './repository.js';
import { CASE_SORTS } from './cursor.js';
import type { Viewer } from './viewer.js';

/*
 * Migration 0062: a search collects through the indexes first when the planner expects few matches
 * among the filtered cases ("probe"), and walks the sort order otherwise. Both must give the same
 * pages, page after page, for every word, filter, scope, sort and page size — and the same
 * "bitte eingrenzen" (SQLSTATE AD001) where the budget is too small. Here every combination is paged
 * three times: never probing (the walk of 0035), always probing, and as the estimate decides.
 */
type Mode = 'off' | 'always' | 'auto';
type Outcome = string[] | 'too broad';

const WORDS = ['Sturmschaden am Dach', 'Baum fällen', 'Sturmschaden', 'Zaun erneuern', 'Sperrmüll', 'Garage bauen'];
const NAMES = ['Krüger', 'Krüger', 'Meier', 'Schmidt', 'Hoffmann', 'Maier', 'Krüger', 'Meyer', 'Schulz'];

describeEachDatabase('search strategies give the same pages', (t) => {
  let tenantId: string;
  let units: string[];
  let services: string[];
  const caseNumbers: string[] = [];

  before(async () => {
    const tenant = await createTenant(t.db);
    tenantId = tenant.id;
    const a = await createOrgUnit(t.db, { tenant, name: 'Ordnungsamt', shortCode: 'OA' });
    const b = await createOrgUnit(t.db, { tenant, name: 'Bauamt', shortCode: 'BA' });
    units = [a.id, b.id];
    services = [
      (await createService(t.db, { tenant, orgUnitId: a.id, name: 'Sturmschäden' })).id,
      (await createService(t.db, { tenant, orgUnitId: a.id, name: 'Sperrmüll' })).id,
      (await createService(t.db, { tenant, orgUnitId: b.id, name: 'Baumfällung' })).id,
    ];
    for (let i = 0; i < 54; i++) {
      const created = await createCase(t.db, {
        tenant,
        serviceId: services[i % 3]!,
        receivedAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 3), 9)), // ties of three: the id decides
        applicant: { kind: 'person', firstName: 'Anna', lastName: NAMES[i % NAMES.length]!, address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' } },
        // "Garage" once, "Zaun" on 3 cases, "Sturmschaden" on about half: rare to frequent.
        formData: [{ name: 'anliegen', label: 'Anliegen', stringValue: i === 40 ? WORDS[5]! : i % 18 === 3 ? WORDS[3]! : WORDS[i % 5 === 4 ? 4 : i % 4]! }],
      });
      caseNumbers.push(created.caseNumber);
    }
    // Different statuses and last changes, and a match that only a note has.
    await t.adminQuery(`update cases set status = 'accepted', updated_at = updated_at + interval '3 days' where tenant_id = $1 and case_number like '%1'`, [tenantId]);
    const noted = await t.adminQuery<{ id: string }>('select id from cases where tenant_id = $1 order by received_at limit 1', [tenantId]);
    const author = await createUser(t.db, { tenant });
    await t.adminQuery(`insert into notes (id, tenant_id, case_id, author_id, body) values (gen_random_uuid(), $1, $2, $3, 'Garage laut Anruf')`, [tenantId, noted[0]!.id, author.id]);
  });

  const viewerOf = (orgUnitIds: string[]): Viewer => ({ tenantId, orgUnitIds, userId: null, permissions: new Set(), actor: { kind: 'system', id: null, name: 'Test' } });

  /** Pages through to the end with one strategy; the ids in order, or 'too broad'. */
  async function pageThrough(mode: Mode, budget: number, viewer: Viewer, filters: CaseFilters, sort: (typeof CASE_SORTS)[number], limit: number): Promise<Outcome> {
    const ids: string[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await withTenant(t.db, viewer, async (trx) => {
          await sql`select set_config('amtsdesk.search_probe', ${mode}, true), set_config('amtsdesk.search_budget', ${String(budget)}, true)`.execute(trx);
          return listCases(trx, viewer, { ...filters, sort, limit, ...(cursor ? { cursor } : {}) });
        });
        ids.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && ids.length < 200);
    } catch (error) {
      if ((error as { code?: string }).code === 'AD001') return 'too broad';
      throw error;
    }
    return ids;
  }

  it('for rare and frequent words, names, misspellings and case numbers, with filters, scopes, sorts and cursors', async () => {
    const queries = ['Garage', 'Zaun', 'Sturmschaden', 'Baum', 'Krüger', 'Hofman', 'Meyer', 'Sperrm', caseNumbers[7]!, caseNumbers[7]!.slice(-8, -1), 'nirgendwo'];
    const filterSets: CaseFilters[] = [{}, { status: ['new'] }, { serviceId: services[1]! }, { orgUnitId: units[1]! }, { assigneeId: null, status: ['accepted'] }];
    const sorts = CASE_SORTS.filter((s) => !s.endsWith('due'));
    let random = 7;
    const pick = <T>(list: readonly T[]) => list[(random = (random * 1103515245 + 12345) % 2147483648) % list.length]!;
    let compared = 0;
    let nonEmpty = 0;
    let tooBroad = 0;
    for (const q of queries) {
      for (let round = 0; round < 4; round++) {
        const viewer = viewerOf(round % 2 ? [units[0]!] : []);
        const filters = { ...pick(filterSets), q };
        const sort = pick(sorts);
        const limit = pick([1, 2, 5]);
        const budget = round === 3 ? 4 : 10_000; // a budget too small for frequent words: the same refusal
        const walked = await pageThrough('off', budget, viewer, filters, sort, limit);
        const context = JSON.stringify({ q, scoped: viewer.orgUnitIds.length > 0, filters, sort, limit, budget });
        assert.deepEqual(await pageThrough('always', budget, viewer, filters, sort, limit), walked, `probe first: ${context}`);
        assert.deepEqual(await pageThrough('auto', budget, viewer, filters, sort, limit), walked, `as estimated: ${context}`);
        compared++;
        if (walked === 'too broad') tooBroad++;
        else if (walked.length) nonEmpty++;
      }
    }
    // The comparison covered pages with results and refusals, not only empty answers.
    assert.equal(compared, queries.length * 4);
    assert.ok(nonEmpty > compared / 3, `non-empty: ${nonEmpty} of ${compared}`);
    assert.ok(tooBroad > 0, 'some searches exceed the small budget');
  });
});
