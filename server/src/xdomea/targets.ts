import { withTenant, type Database } from '../db/database.js';
import type { AppConfig } from '../config.js';
import type { Viewer } from '../cases/viewer.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { directoryConfig } from './transport/directory.js';
import { httpConfig } from './transport/http.js';
import type { XdomeaTargetsTable } from './tables.js';

export interface TargetInput {
  kind: XdomeaTargetsTable['kind']; transport: XdomeaTargetsTable['transport']; name: string; authorityId: string;
  config: { directory?: string; url?: string; pollUrl?: string }; sharedSecret?: string; active?: boolean;
}

/** The transport's own check of its settings (SSRF guard for URLs, the directory root for paths). */
function checkedConfig(config: AppConfig, input: TargetInput): Record<string, unknown> {
  if (input.transport === 'directory') return { directory: directoryConfig(input.config, config.xdomea.directoryRoot).directory };
  return { ...httpConfig(input.config, config.outbound) };
}

export async function xdomeaSettings(db: Database, viewer: Viewer) {
  return withTenant(db, viewer, (trx) => trx.selectFrom('xdomea_settings').selectAll().executeTakeFirst());
}

export async function saveXdomeaSettings(db: Database, viewer: Viewer, input: { authorityId: string; authorityName: string; leadHandoverReadOnly: boolean }) {
  const values = { authority_id: input.authorityId.trim(), authority_name: input.authorityName.trim(), lead_handover_read_only: input.leadHandoverReadOnly, updated_at: new Date() };
  if (!values.authority_id) throw new AppError('validation_failed', { field: 'authorityId', detail: 'Bitte geben Sie die Behördenkennung („authorityId“) an.' });
  return withTenant(db, viewer, (trx) => trx.insertInto('xdomea_settings').values({ tenant_id: viewer.tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values)).returningAll().executeTakeFirstOrThrow());
}

export async function listTargets(db: Database, viewer: Viewer) {
  return withTenant(db, viewer, (trx) => trx.selectFrom('xdomea_targets').selectAll().orderBy('kind').orderBy('name').execute());
}

/** Adds or changes a target. One active DMS and one active archive per tenant (409 otherwise). */
export async function saveTarget(db: Database, config: AppConfig, viewer: Viewer, input: TargetInput, targetId?: string) {
  const checked = checkedConfig(config, input);
  if (input.transport === 'http' && !input.sharedSecret && !targetId) {
    throw new AppError('validation_failed', { field: 'sharedSecret', detail: 'Für HTTP ist ein gemeinsamer Schlüssel („sharedSecret“, mindestens 32 Zeichen) nötig.' });
  }
  const values = {
    kind: input.kind, transport: input.transport, name: input.name.trim(), authority_id: input.authorityId.trim(), config: JSON.stringify(checked),
    active: input.active ?? true, updated_at: new Date(), ...(input.sharedSecret ? { shared_secret: input.sharedSecret } : {}),
  };
  return withTenant(db, viewer, async (trx) => {
    const clash = input.kind !== 'authority' && values.active && await trx.selectFrom('xdomea_targets').select('id')
      .where('kind', '=', input.kind).where('active', '=', true).$if(!!targetId, (q) => q.where('id', '!=', targetId!)).executeTakeFirst();
    if (clash) throw new AppError('duplicate', { field: 'kind', detail: input.kind === 'dms' ? 'Es ist bereits eine E-Akte eingerichtet.' : 'Es ist bereits ein Archiv eingerichtet.' });
    if (targetId) {
      const row = await trx.updateTable('xdomea_targets').set(values).where('id', '=', targetId).returningAll().executeTakeFirst();
      if (!row) throw notFound('Das Ziel');
      return row;
    }
    return trx.insertInto('xdomea_targets').values({ id: uuidv7(), tenant_id: viewer.tenantId, ...values }).returningAll().executeTakeFirstOrThrow();
  });
}

/**
 * What a caseworker may choose when handing a case over: the active E-Akte/DMS and authorities
 * (names only, never the transport settings), and whether the tenant's own identity is set up.
 */
export async function handoverTargets(db: Database, viewer: Viewer) {
  return withTenant(db, viewer, async (trx) => ({
    ready: !!(await trx.selectFrom('xdomea_settings').select('tenant_id').executeTakeFirst()),
    items: await trx.selectFrom('xdomea_targets').select(['id', 'name', 'kind']).where('active', '=', true).where('kind', '!=', 'archive')
      .orderBy('kind', 'desc').orderBy('name').execute(),
  }));
}
