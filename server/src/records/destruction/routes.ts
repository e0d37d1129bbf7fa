import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { SIGNED_IN } from '../../auth/schemas.js';
import { caseViewer } from '../../cases/viewer.js';
import { contentDisposition } from '../../http/downloads.js';
import { presentDetail, presentProtocolRow, presentSummary } from './presenter.js';
import { EntryParams, ListDetail, ListOverview, ListParams, ProtocolExportQuery, ProtocolPage, ProtocolQuery, TakeOutBody } from './schemas.js';
import { approve, confirm, destructionList, destructionLists, takeOut } from './review.js';
import { protocolCsv, protocolPage, protocolPdf, protocolRows, type ProtocolFilter } from './protocol.js';

const tags = ['Aussonderung'];
const security = SIGNED_IN;
const PAGE = 1000;

/** What a protocol export covers, for its title and file name. */
function scopeOf(filter: ProtocolFilter, listNumber: number | null): { title: string; file: string } {
  if (filter.listId) return { title: `Aussonderungsliste ${listNumber ?? '?'}`, file: `Liste-${listNumber ?? 'unbekannt'}` };
  const from = filter.from ?? 'Beginn';
  const to = filter.to ?? 'heute';
  return { title: `Zeitraum ${from} bis ${to}`, file: `${filter.from ?? 'alle'}_${filter.to ?? 'heute'}` };
}

/**
 * Destruction lists with four-eyes review and the Vernichtungsprotokoll: the records-management
 * role only (records:manage); admins do not hold it by default.
 */
export async function destructionRoutes(app: AppInstance, { db }: AppDeps): Promise<void> {
  app.get('/destruction-lists', {
    config: { permission: 'records.destroy' },
    schema: { tags, security, summary: 'Aussonderungslisten, neueste zuerst (Schriftgutverwaltung)', response: { 200: ListOverview } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return { items: (await destructionLists(db, viewer)).map(presentSummary) };
  });

  app.get('/destruction-lists/:listId', {
    config: { permission: 'records.destroy' },
    schema: { tags, security, summary: 'Eine Aussonderungsliste mit ihren Vorgängen und ihrem Protokoll', params: ListParams, response: { 200: ListDetail } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentDetail(await destructionList(db, viewer, request.params.listId), viewer);
  });

  app.post('/destruction-lists/:listId/entries/:caseId/remove', {
    config: { permission: 'records.destroy' },
    schema: { tags, security, summary: 'Einen Vorgang mit Begründung von der Liste nehmen', params: EntryParams, body: TakeOutBody, response: { 200: ListDetail } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentDetail(await takeOut(db, viewer, request.params.listId, request.params.caseId, request.body.reason), viewer);
  });

  app.post('/destruction-lists/:listId/approve', {
    config: { permission: 'records.destroy' },
    schema: { tags, security, summary: 'Liste freigeben (erste Prüfung)', params: ListParams, response: { 200: ListDetail } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentDetail(await approve(db, viewer, request.params.listId), viewer);
  });

  app.post('/destruction-lists/:listId/confirm', {
    config: { permission: 'records.destroy' },
    schema: {
      tags, security, params: ListParams, response: { 200: ListDetail },
      summary: 'Vernichtung bestätigen (zweite Prüfung, eine andere Person): erteilt die Löschaufträge',
    },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentDetail(await confirm(db, viewer, request.params.listId), viewer);
  });

  app.get('/destruction-protocol', {
    config: { permission: 'records.destroy' },
    schema: { tags, security, summary: 'Vernichtungsprotokoll: gelöschte Vorgänge (ohne personenbezogene Daten)', querystring: ProtocolQuery, response: { 200: ProtocolPage } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const rows = await protocolPage(db, viewer.tenantId, request.query, PAGE);
    return { items: rows.slice(0, PAGE).map(presentProtocolRow), truncated: rows.length > PAGE };
  });

  app.get('/destruction-protocol/export', {
    config: { permission: 'records.destroy' },
    schema: {
      tags, security, summary: 'Vernichtungsprotokoll als CSV oder PDF/A herunterladen', querystring: ProtocolExportQuery,
      response: { 200: Type.String({ format: 'binary', description: 'CSV (UTF-8 mit BOM, Semikolon) oder PDF/A-2b' }) },
    },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    const { format, ...filter } = request.query;
    // Another tenant's list id answers 404 (row-level security), not an empty protocol.
    const listNumber = filter.listId ? (await destructionList(db, viewer, filter.listId)).list.number : null;
    const rows = await protocolRows(db, viewer.tenantId, filter);
    const scope = scopeOf(filter, listNumber);
    const name = `Vernichtungsprotokoll_${scope.file}.${format}`;
    reply.header('content-disposition', contentDisposition(name, 'attachment')).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
    if (format === 'csv') return reply.header('content-type', 'text/csv; charset=utf-8').send(Buffer.from(protocolCsv(rows), 'utf8') as never);
    return reply.header('content-type', 'application/pdf').send((await protocolPdf(db, viewer.tenantId, rows, scope.title)) as never);
  });
}
