import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireTenantPrincipal } from '../auth/principal.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { FORM_PREFIX, PLACEHOLDERS } from './placeholders.js';
import { presentLetterhead, presentServiceSettings, presentTemplate } from './presenter.js';
import {
  IdParams, Letterhead, LetterheadBody, NewTemplateBody, Placeholders, ServiceParams, ServiceSettings, ServiceSettingsBody,
  Template, UpdateTemplateBody,
} from './schemas.js';
import { getLetterhead, listServiceSettings, saveLetterhead, saveServiceSettings } from './settings.service.js';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from './templates.service.js';

const tags = ['Bescheide'];

/** Tenant administration of decisions: templates, letterhead, per-service release and generator. */
export async function decisionAdminRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, blobs } = deps;

  app.get('/admin/decision-templates', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Bescheidvorlagen auflisten', response: { 200: Type.Object({ items: Type.Array(Template) }) } },
  }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return { items: (await listTemplates(db, admin.tenantId)).map(presentTemplate) };
  });

  app.get('/admin/decision-templates/placeholders', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Erlaubte Platzhalter für Bescheidvorlagen', response: { 200: Placeholders } },
  }, async (request) => {
    requireTenantPrincipal(request.principal);
    return { items: Object.entries(PLACEHOLDERS).map(([name, description]) => ({ name, description })), formPrefix: FORM_PREFIX };
  });

  app.post('/admin/decision-templates', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Bescheidvorlage anlegen (unbekannte Platzhalter werden abgelehnt)', body: NewTemplateBody, response: { 201: Template } },
  }, async (request, reply) => {
    const admin = requireTenantPrincipal(request.principal);
    return reply.status(201).send(presentTemplate(await createTemplate(db, admin.tenantId, request.body, actorOf(admin))));
  });

  app.get('/admin/decision-templates/:id', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Eine Bescheidvorlage abrufen', params: IdParams, response: { 200: Template } },
  }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return presentTemplate(await getTemplate(db, admin.tenantId, request.params.id));
  });

  app.patch('/admin/decision-templates/:id', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Bescheidvorlage ändern', params: IdParams, body: UpdateTemplateBody, response: { 200: Template } },
  }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return presentTemplate(await updateTemplate(db, admin.tenantId, request.params.id, request.body, actorOf(admin)));
  });

  app.delete('/admin/decision-templates/:id', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Bescheidvorlage löschen (bestehende Bescheide bleiben unverändert)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const admin = requireTenantPrincipal(request.principal);
    await deleteTemplate(db, admin.tenantId, request.params.id, actorOf(admin));
    return reply.status(204).send(null);
  });

  app.get('/admin/letterhead', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Briefkopf der Kommune für Bescheide', response: { 200: Letterhead } },
  }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return presentLetterhead(await getLetterhead(db, admin.tenantId));
  });

  app.put('/admin/letterhead', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Briefkopf der Kommune festlegen (Name, Anschrift, Kontakt, Logo)', body: LetterheadBody, response: { 200: Letterhead } },
  }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return presentLetterhead(await saveLetterhead(db, blobs, admin.tenantId, request.body, actorOf(admin)));
  });

  app.get('/admin/decision-settings', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Bescheid-Einstellungen je Leistung (Vier-Augen-Freigabe, Dokumentengenerator)', response: { 200: Type.Object({ items: Type.Array(ServiceSettings) }) } },
  }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return { items: (await listServiceSettings(db, admin.tenantId)).map(presentServiceSettings) };
  });

  app.put('/admin/decision-settings/:serviceId', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security: SIGNED_IN, summary: 'Bescheid-Einstellungen einer Leistung festlegen', params: ServiceParams, body: ServiceSettingsBody, response: { 200: ServiceSettings } },
  }, async (request) => {
    const admin = requireTenantPrincipal(request.principal);
    return presentServiceSettings(await saveServiceSettings(db, admin.tenantId, request.params.serviceId, request.body, actorOf(admin), deps.config.outbound));
  });
}
