import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { actorOf, requireTenantPrincipal } from '../../auth/principal.js';
import { SIGNED_IN } from '../../auth/schemas.js';
import { reapplyMapping } from './reapply.js';
import { MappingSchema, MappingView, PreviewBody, PreviewView, ReapplyBody, ReapplyView, ServiceParams } from './schemas.js';
import { getMapping, previewMapping, saveMapping, type MappingState } from './service.js';

const present = (s: MappingState) => ({
  serviceId: s.serviceId,
  serviceName: s.serviceName,
  saved: s.saved,
  mapping: s.mapping,
  updatedAt: s.updatedAt?.toISOString() ?? null,
  cases: s.cases.map((c) => ({ id: c.id, caseNumber: c.case_number, channel: c.channel, receivedAt: c.received_at.toISOString() })),
});

/** Applicant contact mapping per service (Verwaltung → Leistungen → Antragstellerdaten), admins of the municipality. */
export async function applicantMappingRoutes(app: AppInstance, { db }: AppDeps): Promise<void> {
  const base = { tags: ['Verwaltung'], security: SIGNED_IN, params: ServiceParams };
  const path = '/admin/services/:serviceId/applicant-mapping';

  app.get(path, { config: { permission: 'tenant.admin' }, schema: { ...base, summary: 'Zuordnung der Antragstellerdaten einer Leistung', response: { 200: MappingView } } }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return present(await getMapping(db, admin.tenantId, request.params.serviceId));
  });

  app.put(path, { config: { permission: 'tenant.admin' }, schema: { ...base, summary: 'Zuordnung der Antragstellerdaten speichern (gilt für neue Vorgänge)', body: MappingSchema, response: { 200: MappingView } } }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return present(await saveMapping(db, admin.tenantId, request.params.serviceId, request.body, actorOf(admin)));
  });

  app.post(`${path}/preview`, { config: { permission: 'tenant.admin' }, schema: { ...base, summary: 'Zuordnung an einem eingegangenen Vorgang ausprobieren (speichert nichts)', body: PreviewBody, response: { 200: PreviewView } } }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return previewMapping(db, admin.tenantId, request.params.serviceId, request.body.caseId, request.body.mapping);
  });

  app.post(`${path}/reapply`, { config: { permission: 'tenant.admin' }, schema: { ...base, summary: 'Gespeicherte Zuordnung auf offene Vorgänge der Leistung anwenden (200 je Aufruf; protokolliert)', body: ReapplyBody, response: { 200: ReapplyView } } }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return reapplyMapping(db, admin.tenantId, request.params.serviceId, actorOf(admin), request.body.after);
  });
}
