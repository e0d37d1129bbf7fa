import type { Trx } from '../db/database.js';
import { appendEvents, type NewEvent } from '../events/chain.js';
import type { Actor } from '../auth/principal.js';
import { uuidv7 } from '../shared/ids.js';
import { assertKnownPlaceholders } from '../decisions/placeholders.js';
import { DEMO_SERVICES } from './catalog.js';

/*
 * Decision templates of the demo municipality: an approval for every demo service, so „Bescheid
 * erstellen“ offers a fitting text on every demo case, and one rejection for all services.
 */

const OPENING = 'Sehr geehrte Damen und Herren,\n\nauf Ihren Antrag „{{leistung.name}}“ vom {{vorgang.eingang}} (Vorgangsnummer {{vorgang.nummer}}) ergeht folgender Bescheid:\n\n';
const CLOSING = '\n\nRechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch bei der {{kommune.name}} erhoben werden.\n\nMit freundlichen Grüßen\n{{sachbearbeitung.name}}\n{{kommune.name}}, {{heute}}';

/** The operative part of each approval, by the service's LeiKa key. */
const APPROVALS: Record<string, string> = {
  '99108008001000': 'Ihr Hund wird zur Hundesteuer angemeldet. Die Steuermarke und den Steuerbescheid über die Jahressteuer erhalten Sie mit gesonderter Post.',
  '99108008002000': 'Ihr Hund wird zum angegebenen Datum von der Hundesteuer abgemeldet. Zu viel gezahlte Steuer wird Ihnen erstattet. Bitte geben Sie die Steuermarke zurück.',
  '99050012104000': 'Der Empfang Ihrer Gewerbeanzeige wird bestätigt (§ 15 Abs. 1 Gewerbeordnung). Die Anzeige wird an die beteiligten Stellen weitergeleitet.',
  '99061007001000': 'Die Fällung der beantragten Bäume wird nach der Baumschutzsatzung genehmigt. Als Ersatz ist je gefälltem Baum ein standortgerechter Laubbaum zu pflanzen. Fällungen sind nur vom 1. Oktober bis 28. Februar zulässig.',
  '99058009001000': 'Ihnen wird ein Bewohnerparkausweis für das beantragte Fahrzeug und die beantragte Zone erteilt. Der Ausweis ist gut sichtbar hinter der Windschutzscheibe auszulegen.',
  '99058009002000': 'Ihnen wird ein Besucherparkausweis für den beantragten Zeitraum erteilt.',
  '99058004001000': 'Die Sondernutzung der beantragten öffentlichen Verkehrsfläche wird für den beantragten Zeitraum erlaubt. Die Fläche ist abzusichern und danach im ursprünglichen Zustand zu übergeben.',
  '99023002001000': 'Die Sperrmüll-Sonderabfuhr wird für den mitgeteilten Termin bestätigt. Bitte stellen Sie die Gegenstände am Abfuhrtag bis 6:00 Uhr an den Straßenrand.',
  '99058020001000': 'Die Anzeige Ihrer Veranstaltung wird bestätigt. Die Auflagen zu Lärmschutz, Rettungswegen und Reinigung sind einzuhalten.',
  '99124003001000': 'Ihrem Kind wird zum gewünschten Termin ein Betreuungsplatz in einer Kindertageseinrichtung der Stadt zugewiesen. Die Einrichtung meldet sich zur Eingewöhnung bei Ihnen.',
  '99115008001000': 'Die beantragte Meldebescheinigung ist diesem Bescheid beigefügt.',
  '99009001001000': 'Die beantragte Geburtsurkunde ist diesem Bescheid beigefügt. Die Gebühr richtet sich nach der Landesgebührenverordnung.',
};

const REJECTION = 'Ihr Antrag wird abgelehnt.\n\nBegründung: Die Voraussetzungen für die beantragte Leistung liegen nach Prüfung der eingereichten Unterlagen nicht vor.';

export interface DemoTemplate { serviceKey: string | null; kind: 'approval' | 'rejection'; name: string; body: string }

export function demoTemplates(): DemoTemplate[] {
  const approvals = DEMO_SERVICES.map((s) => ({
    serviceKey: s.leikaKey, kind: 'approval' as const, name: `Bewilligung ${s.name}`,
    body: `${OPENING}${APPROVALS[s.leikaKey] ?? 'Ihrem Antrag wird entsprochen.'}${CLOSING}`,
  }));
  return [...approvals, { serviceKey: null, kind: 'rejection', name: 'Ablehnung (alle Leistungen)', body: `${OPENING}${REJECTION}${CLOSING}` }];
}

/** Writes the templates with their history events, a minute apart from `at` on. */
export async function insertDemoTemplates(trx: Trx, tenantId: string, services: Record<string, string>, actor: Actor, at: Date): Promise<void> {
  const events: NewEvent[] = [];
  for (const [i, template] of demoTemplates().entries()) {
    assertKnownPlaceholders(template.body);
    const id = uuidv7();
    const when = new Date(at.getTime() + i * 60_000);
    const serviceId = template.serviceKey ? services[template.serviceKey]! : null;
    await trx.insertInto('decision_templates').values({
      id, tenant_id: tenantId, service_id: serviceId, kind: template.kind, name: template.name, body: template.body,
      created_by: actor.id, created_at: when, updated_at: when,
    }).execute();
    events.push({ caseId: null, type: 'decision_template.created', actor, occurredAt: when, data: { templateId: id, name: template.name, kind: template.kind, serviceId } });
  }
  await appendEvents(trx, tenantId, events);
}
