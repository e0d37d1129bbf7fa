import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from '../cases/viewer.js';
import { presentCaseDetail } from '../cases/presenter.js';
import { CaseDetailSchema, CaseParamsSchema } from '../cases/schemas.js';
import { extendDeadline } from './service.js';
import { listServiceDeadlines, readHolidayState, saveHolidayState, saveServiceDeadline } from './settings.js';
import { DeadlineSettingsBodySchema, DeadlineSettingsSchema, ExtensionBodySchema, NoticeSettingsSchema } from './schemas.js';
import { readNoticeSettings, saveNoticeSettings } from './notice-settings.js';
import { recipientOf } from '../notifications/service.js';

const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];
const ServiceDeadlineSchema = Type.Object({
  workingDays: Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()], { description: 'Bearbeitungsfrist in Arbeitstagen (null: keine)' }),
  kind: Type.Union([Type.Literal('statutory'), Type.Literal('target')], { description: 'statutory: gesetzliche Frist; target: Zielvorgabe' }),
  deemedApproval: Type.Boolean({ description: 'Genehmigungsfiktion (§ 42a VwVfG): mit Fristablauf gilt die Genehmigung als erteilt' }),
}, { additionalProperties: false });
const ServiceDeadlineRowSchema = Type.Object({ serviceId: Type.String({ format: 'uuid' }), ...ServiceDeadlineSchema.properties });

export async function deadlineRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.post('/cases/:id/deadline/extension', {
    config: { permission: 'deadline.extend' },
    schema: { tags: ['Vorgänge'], security, summary: 'Bearbeitungsfrist verlängern (mit Begründung)', params: CaseParamsSchema, body: ExtensionBodySchema, response: { 200: CaseDetailSchema } },
  }, async (request) => presentCaseDetail(await extendDeadline(db, caseViewer(request), request.params.id, request.body)));

  app.get('/me/deadline-notices', {
    config: { permission: 'case.read' },
    schema: { tags: ['Vorgänge'], security: [{ session: [] }], summary: 'Eigene Hinweise zu Bearbeitungsfristen (vor dem Fristende, am Fristende)', response: { 200: NoticeSettingsSchema } },
  }, async (request) => readNoticeSettings(db, recipientOf(request)));

  app.put('/me/deadline-notices', {
    config: { permission: 'case.read' },
    schema: { tags: ['Vorgänge'], security: [{ session: [] }], summary: 'Eigene Hinweise zu Bearbeitungsfristen einstellen', body: Type.Object(NoticeSettingsSchema.properties, { additionalProperties: false }), response: { 200: NoticeSettingsSchema } },
  }, async (request) => saveNoticeSettings(db, recipientOf(request), request.body));

  app.get('/admin/deadline-settings', {
    config: { permission: 'tenant.admin' },
    schema: { tags: ['Administration'], security, summary: 'Fristen: Bundesland, dessen Feiertage zählen', response: { 200: DeadlineSettingsSchema } },
  }, async (request) => readHolidayState(db, caseViewer(request)));

  app.put('/admin/deadline-settings', {
    config: { permission: 'tenant.admin' },
    schema: { tags: ['Administration'], security, summary: 'Fristen: Bundesland wählen (Feiertagskalender wird mitgeliefert)', body: DeadlineSettingsBodySchema, response: { 200: DeadlineSettingsSchema } },
  }, async (request) => saveHolidayState(db, caseViewer(request), request.body.holidayState));

  app.get('/admin/service-deadlines', {
    config: { permission: 'tenant.admin' },
    schema: { tags: ['Administration'], security, summary: 'Bearbeitungsfristen und Genehmigungsfiktion je Leistung', response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...ServiceDeadlineRowSchema.properties, name: Type.String() })) }) } },
  }, async (request) => ({ items: await listServiceDeadlines(db, caseViewer(request)) }));

  app.put('/admin/services/:id/deadline', {
    config: { permission: 'tenant.admin' },
    schema: { tags: ['Administration'], security, summary: 'Bearbeitungsfrist und Genehmigungsfiktion einer Leistung festlegen', params: CaseParamsSchema, body: ServiceDeadlineSchema, response: { 200: ServiceDeadlineRowSchema } },
  }, async (request) => saveServiceDeadline(db, caseViewer(request), request.params.id, request.body));
}
