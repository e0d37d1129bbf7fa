import { withTenant, type Database } from '../db/database.js';
import { isCheckpointShape, type SourcedCheckpoint } from './checkpoint-statement.js';

/** A tenant's checkpoints as stored (oldest first); a row that is not a checkpoint any more is returned as unreadable. */
export async function loadTenantCheckpoints(db: Database, tenantId: string): Promise<{ checkpoints: SourcedCheckpoint[]; unreadable: string[] }> {
  const rows = await withTenant(db, { tenantId }, (trx) =>
    trx.selectFrom('audit_checkpoints').select(['id', 'statement']).orderBy('created_at').orderBy('seq').execute(),
  );
  const checkpoints: SourcedCheckpoint[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    const source = `Datenbank, Prüfpunkt ${row.id}`;
    try {
      const statement = JSON.parse(row.statement) as unknown;
      if (isCheckpointShape(statement) && statement.tenantId === tenantId) {
        checkpoints.push({ statement, source });
        continue;
      }
    } catch {
      // reported as unreadable
    }
    unreadable.push(source);
  }
  return { checkpoints, unreadable };
}

/** The newest checkpoint of a tenant (for export). */
export async function latestTenantCheckpoint(db: Database, tenantId: string): Promise<string | undefined> {
  const row = await withTenant(db, { tenantId }, (trx) =>
    trx.selectFrom('audit_checkpoints').select('statement').orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(1).executeTakeFirst(),
  );
  return row?.statement;
}
