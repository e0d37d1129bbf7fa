import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { appendEvents } from '../events/chain.js';
import { AppError, type ErrorCode } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { isUniqueViolation } from '../tenants/admin-access.js';
import { MAX_CSV_LINES, parseCsv, type CsvRow } from './csv.js';
import { checkIdentifier, schemeOf, SCHEMES, type Scheme } from './schemes.js';
import { createdBy, refusalsOf, type Candidate, type IdentifierScope } from './service.js';

/** One line of the file and what became (or would become) of it. */
export interface ImportLine {
  line: number;
  /** The scheme as recognised (e.g. ozg_zustaendige_stelle for "zustaendigeStelle"), else as written. */
  scheme: string;
  value: string;
  orgUnit: string;
  ok: boolean;
  code?: ErrorCode;
  field?: 'scheme' | 'value' | 'orgUnit';
  message?: string;
}
export interface ImportResult { lines: ImportLine[]; valid: boolean; imported: number }

const HEADER_WORDS = new Set(['scheme', 'schema', 'kennungsart', 'art', 'typ', 'kennungstyp']);

/**
 * CSV import (columns: Kennungsart; Kennung; Kürzel der Organisationseinheit, the last optional).
 * All or nothing: with one bad line nothing is saved (422 import_rejected with every line's result);
 * dryRun answers the same per-line result without saving, for the preview.
 */
export async function importIdentifiers(db: Database, scope: IdentifierScope, input: { csv: string; dryRun?: boolean }, actor: Actor): Promise<ImportResult> {
  const rows = parseCsv(input.csv);
  if (rows.length > 0 && HEADER_WORDS.has(rows[0]!.cells[0]!.toLowerCase())) rows.shift();
  if (rows.length === 0) throw new AppError('validation_failed', { field: 'csv', detail: 'Die Datei („csv“) enthält keine Kennungen.' });
  if (rows.length > MAX_CSV_LINES) throw new AppError('validation_failed', { field: 'csv', detail: `Die Datei („csv“) darf höchstens ${MAX_CSV_LINES} Kennungen enthalten.` });
  try {
    return await withTenant(db, { tenantId: scope.tenantId }, async (trx) => {
      const units = await trx.selectFrom('org_units').select(['id', 'short_code']).execute();
      const lines = rows.map((row) => lineOf(row));
      const candidates = rows.map((row, i) => candidateOf(row, lines[i]!, units));
      markRepeats(lines, candidates);
      const open = candidates.map((c, i) => (c && lines[i]!.ok ? { c, i } : null)).filter((x): x is { c: Candidate; i: number } => !!x);
      const refusals = await refusalsOf(trx, scope, open.map((o) => o.c));
      open.forEach((o, k) => refusals[k] && fail(lines[o.i]!, 'value', refusals[k]!.detail, refusals[k]!.code));
      const bad = lines.find((l) => !l.ok);
      if (bad && !input.dryRun) {
        throw new AppError('import_rejected', { field: 'csv', detail: `Zeile ${bad.line}: ${bad.message} Es wurde nichts gespeichert.`, extra: { lines } });
      }
      if (bad || input.dryRun) return { lines, valid: !bad, imported: 0 };
      const values = candidates.map((c) => ({ id: uuidv7(), tenant_id: scope.tenantId, org_unit_id: c!.orgUnitId, scheme: c!.scheme, value: c!.value, value_key: c!.key, created_by: createdBy(actor) }));
      await trx.insertInto('routing_identifiers').values(values).execute();
      await appendEvents(trx, scope.tenantId, values.map((v) => ({ caseId: null, type: 'routing_identifier.added', actor, data: { identifierId: v.id, scheme: v.scheme, value: v.value, orgUnitId: v.org_unit_id, import: true } })));
      return { lines, valid: true, imported: values.length };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('identifier_conflict', { field: 'csv', detail: 'Eine Kennung der Datei wurde gerade anderweitig eingetragen. Es wurde nichts gespeichert; bitte prüfen Sie die Vorschau erneut.' });
    throw error;
  }
}

function lineOf(row: CsvRow): ImportLine {
  return { line: row.line, scheme: row.cells[0] ?? '', value: row.cells[1] ?? '', orgUnit: row.cells[2] ?? '', ok: true };
}

function fail(line: ImportLine, field: ImportLine['field'], message: string, code: ErrorCode = 'validation_failed'): void {
  if (!line.ok) return;
  Object.assign(line, { ok: false, field, message, code });
}

function candidateOf(row: CsvRow, line: ImportLine, units: Array<{ id: string; short_code: string }>): Candidate | null {
  if (row.cells.slice(3).some((c) => c !== '')) fail(line, 'orgUnit', 'Die Zeile hat mehr als drei Spalten (Kennungsart; Kennung; Organisationseinheit).');
  const scheme: Scheme | undefined = schemeOf(line.scheme);
  if (!scheme) {
    fail(line, 'scheme', `Die Kennungsart „${line.scheme}“ ist unbekannt. Erlaubt sind: ${SCHEMES.join(', ')}.`);
    return null;
  }
  line.scheme = scheme; // as the list names it, whatever spelling the file used
  let checked: { value: string; key: string };
  try {
    checked = checkIdentifier(scheme, line.value, 'Kennung');
  } catch (error) {
    fail(line, 'value', error instanceof AppError ? error.detail : 'Die Kennung ist ungültig.');
    return null;
  }
  const code = line.orgUnit.toUpperCase();
  const unit = code ? units.find((u) => u.short_code === code) : undefined;
  if (code && !unit) fail(line, 'orgUnit', `Die Organisationseinheit mit dem Kürzel „${line.orgUnit}“ gibt es in dieser Kommune nicht.`);
  return { scheme, ...checked, orgUnitId: unit?.id ?? null };
}

/** The same identifier twice in one file is refused at its second line (naming the first). */
function markRepeats(lines: ImportLine[], candidates: Array<Candidate | null>): void {
  const seen = new Map<string, number>();
  candidates.forEach((c, i) => {
    if (!c) return;
    const id = `${c.scheme}\u0000${c.key}`;
    const first = seen.get(id);
    if (first !== undefined) fail(lines[i]!, 'value', `Dieselbe Kennung steht bereits in Zeile ${first}.`, 'duplicate');
    else seen.set(id, lines[i]!.line);
  });
}
