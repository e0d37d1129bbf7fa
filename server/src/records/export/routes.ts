import { actorOf } from '../../auth/principal.js';
import { SIGNED_IN } from '../../auth/schemas.js';
import { sendUntrustedFile } from '../../http/downloads.js';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { requireTenantPrincipal } from '../../auth/principal.js';
import { effectiveStatus, findExport, listExports, openExportDownload, startExport, type ExportJobRow } from './jobs.js';
import { ExportJobSchema, ExportList, ExportParams } from './schemas.js';

const tags = ['Aufbewahrung'];
const security = SIGNED_IN;

/**
 * Tenant export (docs/records.md, "Tenant export"): the tenant admin starts it, watches its progress
 * and downloads the archive. Row-level security keeps every job inside its tenant: another
 * tenant's export id answers 404. Operators export with `amtsdesk tenant export` on the server.
 */
export async function tenantExportRoutes(app: AppInstance, { db, blobs, config }: AppDeps): Promise<void> {
  app.post('/admin/exports', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Export aller Daten der Kommune starten (läuft im Hintergrund)', response: { 202: ExportJobSchema } },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    const actor = actorOf(principal);
    const job = await startExport(db, blobs, config, principal.tenantId, { ...actor, id: actor.id! }, (error) => app.log.error({ err: error }, 'tenant export failed'));
    return reply.code(202).send(present(job, null));
  });

  app.get('/admin/exports', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Exporte der Kommune (die letzten zehn)', response: { 200: ExportList } },
  }, async (request) => {
    const rows = await listExports(db, requireTenantPrincipal(request.principal).tenantId);
    const newest = rows.find((r) => effectiveStatus(r) === 'done')?.id ?? null;
    return { items: rows.map((r) => present(r, newest)) };
  });

  app.get('/admin/exports/:id', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Stand eines Exports', params: ExportParams, response: { 200: ExportJobSchema } },
  }, async (request) => {
    const tenantId = requireTenantPrincipal(request.principal).tenantId;
    const row = await findExport(db, tenantId, request.params.id);
    const newest = (await listExports(db, tenantId)).find((r) => effectiveStatus(r) === 'done')?.id ?? null;
    return present(row, newest);
  });

  app.get('/admin/exports/:id/download', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Exportarchiv herunterladen (tar.gz; wird im Zugriffsprotokoll vermerkt)', params: ExportParams },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    const actor = actorOf(principal);
    const reader = { kind: principal.kind === 'token' ? 'token' as const : 'user' as const, id: actor.id!, name: actor.name };
    const file = await openExportDownload(db, config, principal.tenantId, request.params.id, reader);
    return sendUntrustedFile(reply, { fileName: file.fileName, mimeType: 'application/gzip', sizeBytes: file.size }, file.stream);
  });
}

function present(row: NonNullable<ExportJobRow>, newestDone: string | null) {
  const status = effectiveStatus(row);
  return {
    id: row.id,
    status,
    requestedBy: row.requested_by_name,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    casesTotal: row.cases_total,
    casesDone: row.cases_done,
    filesDone: row.files_done,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    sha256: row.sha256,
    downloadable: status === 'done' && row.id === newestDone,
  };
}
