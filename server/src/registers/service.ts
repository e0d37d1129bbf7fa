import type { Viewer } from '../cases/viewer.js';
import { findCase } from '../cases/repository.js';
import { caseNotFound } from '../cases/queries.js';
import { withTenant, type Database } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { RegisterUnavailable, type RegisterAdapter, type RegisterName, type RegisterQuery } from './adapter.js';
import { compareWithApplicant } from './compare.js';
import type { Selectable } from 'kysely';
import type { RegisterQueriesTable } from './tables.js';

export interface RegisterQueryInput {
  register: RegisterName;
  legalBasis: string;
  purpose: string;
  query: RegisterQuery;
}

function validate(input: RegisterQueryInput): { legalBasis: string; purpose: string } {
  const legalBasis = input.legalBasis.trim();
  const purpose = input.purpose.trim();
  if (legalBasis.length < 3) throw new AppError('validation_failed', { field: 'legalBasis', detail: 'Bitte geben Sie die Rechtsgrundlage der Abfrage an (z. B. § 34 Abs. 1 BMG).' });
  if (purpose.length < 3) throw new AppError('validation_failed', { field: 'purpose', detail: 'Bitte geben Sie den Zweck der Abfrage an.' });
  const q = input.query;
  if (q.kind === 'search') {
    if (input.register === 'residents' && !q.lastName) throw new AppError('validation_failed', { field: 'query/lastName', detail: 'Für die Suche im Melderegister ist der Nachname nötig.' });
    if (input.register === 'companies' && !q.name) throw new AppError('validation_failed', { field: 'query/name', detail: 'Für die Suche im Unternehmensregister ist der Name nötig.' });
  }
  return { legalBasis, purpose };
}

/**
 * A caseworker's register query from a case: legal basis and purpose are mandatory; the gateway is
 * asked first, and only an answered query is recorded — the query record and its access-log entry
 * in one transaction, so a failed query leaves nothing half-recorded and a recorded one is always
 * in the access log. The records come back beside the applicant, with differences marked.
 */
export async function queryRegister(db: Database, adapter: RegisterAdapter | undefined, viewer: Viewer, caseId: string, input: RegisterQueryInput) {
  const { legalBasis, purpose } = validate(input);
  const kase = await withTenant(db, viewer, async (trx) => {
    const row = await findCase(trx, viewer, caseId);
    if (!row) throw caseNotFound(caseId);
    const tenant = await trx.selectFrom('tenants').select('ags').where('id', '=', viewer.tenantId).executeTakeFirstOrThrow();
    return { row, ags: tenant.ags };
  });
  if (!adapter) throw new AppError('register_unavailable', { detail: 'Für diese Installation ist kein Registerzugang eingerichtet. Bitte wenden Sie sich an den Betrieb.' });
  if (!viewer.userId) throw new AppError('forbidden', { detail: 'Registerabfragen stellen nur Personen, mit eigener Rechtsgrundlage.' });
  let records;
  try {
    records = await adapter.query(input.register, input.query, { tenantAgs: kase.ags, caseNumber: kase.row.case_number, legalBasis, purpose });
  } catch (error) {
    if (error instanceof RegisterUnavailable) throw new AppError('register_unavailable', { internal: error.message });
    throw error;
  }
  const id = uuidv7();
  const at = new Date();
  await withTenant(db, viewer, async (trx) => {
    await trx.insertInto('register_queries').values({
      id, tenant_id: viewer.tenantId, case_id: caseId, actor_id: viewer.userId!, actor_name: viewer.actor.name,
      register: input.register, query_kind: input.query.kind, legal_basis: legalBasis, purpose, hits: records.length, at,
    }).execute();
    await trx.insertInto('access_log').values({
      tenant_id: viewer.tenantId, at, actor_kind: 'user', actor_id: viewer.userId!, actor_name: viewer.actor.name,
      case_id: caseId, case_number: kase.row.case_number, action: 'register_queried', object_id: id,
      legal_basis: legalBasis, purpose,
    }).execute();
  });
  return {
    id, at, register: input.register, legalBasis, purpose,
    results: records.map((record) => ({ record, differences: compareWithApplicant(kase.row.applicant, record) })),
  };
}

/** The case's register queries (who, when, legal basis, purpose, hits), newest first. */
export async function listRegisterQueries(db: Database, viewer: Viewer, caseId: string): Promise<Array<Selectable<RegisterQueriesTable>>> {
  return withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    return trx.selectFrom('register_queries').selectAll().where('case_id', '=', caseId).orderBy('at', 'desc').limit(100).execute();
  });
}
