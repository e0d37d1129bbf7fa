import type { Trx } from '../../db/database.js';
import { sanitizeFileName } from '../../intake/file-names.js';
import type { Applicant, FormItem } from '../../db/schema.js';
import { holdsOfCase, retentionOfCase } from '../repository.js';
import { reportAttachments, reportCases, reportDecisions, reportDeliveries, reportExports, reportMessages } from './repository.js';

/** Version of the machine-readable report (auskunft.json); documented in docs/records.md. */
export const REPORT_FORMAT = 'amtsdesk-auskunft/1';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** The origin only: a webhook's path or query may carry a token, the recipient is the system. */
function recipientOf(url: string | null): string {
  if (!url) return 'Webhook (Abonnement gelöscht)';
  try {
    return new URL(url).origin;
  } catch {
    return 'Webhook';
  }
}

export interface ReportFile { caseNumber: string; attachmentId: string; fileName: string; sha256: string; sizeBytes: number; path: string }

export interface SubjectReport {
  format: typeof REPORT_FORMAT;
  createdAt: string;
  controller: string;
  cases: Array<Awaited<ReturnType<typeof reportOfCase>>['json']>;
  files: ReportFile[];
}

/** Everything held about one case, what went where, and how long it is kept. */
async function reportOfCase(trx: Trx, row: Awaited<ReturnType<typeof reportCases>>[number]) {
  const [messages, decisions, attachments, deliveries, exports, retention, holds] = await Promise.all([
    reportMessages(trx, row.id), reportDecisions(trx, row.id), reportAttachments(trx, row.id), reportDeliveries(trx, row.id),
    reportExports(trx, row.id), retentionOfCase(trx, row.id), holdsOfCase(trx, row.id),
  ]);
  const files: ReportFile[] = attachments
    // A file found infected is listed, never handed out (it would carry the malware to the person).
    .filter((a) => a.scan_status !== 'infected')
    .map((a) => ({
      caseNumber: row.case_number, attachmentId: a.id, fileName: a.file_name, sha256: a.sha256, sizeBytes: Number(a.size_bytes),
      path: `dateien/${row.case_number.replace(/[^\w.-]/g, '_')}/${a.id}-${sanitizeFileName(a.file_name)}`,
    }));
  const recipients = [
    ...messages.filter((m) => m.direction === 'out').map((m) => ({
      recipient: m.channel === 'letter' ? 'Brief per Post' : `Postfach/Nachrichtenkanal (${m.channel})`, what: `Nachricht „${m.subject}“`,
      status: m.delivery_status, at: iso(m.delivered_at ?? m.sent_at ?? m.posted_on ?? m.created_at),
    })),
    ...deliveries.map((d) => ({
      recipient: d.kind === 'webhook' ? recipientOf(d.webhook_url) : 'Statusmonitor des Nutzerkontos (Postfach)',
      what: d.kind === 'webhook' ? `Ereignis ${d.event_type ?? ''}`.trim() : 'Statusmeldung zum Antrag', status: d.status, at: iso(d.delivered_at ?? d.created_at),
    })),
    ...exports.map((e) => ({ recipient: `Export/Druck durch ${e.actor_name}`, what: e.action === 'printed' ? 'Druck' : 'Export', status: 'delivered', at: iso(e.at) })),
  ];
  const json = {
    caseId: row.id, caseNumber: row.case_number, title: row.title, service: row.service_name, orgUnit: row.org_unit_name,
    status: row.status, channel: row.channel, receivedAt: iso(row.received_at), closedAt: iso(row.closed_at),
    applicant: row.applicant, formData: row.form_data,
    messages: messages.map((m) => ({
      id: m.id, direction: m.direction, kind: m.kind, channel: m.channel, subject: m.subject, body: m.body, deliveryStatus: m.delivery_status,
      createdAt: iso(m.created_at), sentAt: iso(m.sent_at), deliveredAt: iso(m.delivered_at), readAt: iso(m.read_at), attachmentIds: m.attachment_ids,
    })),
    decisions: decisions.map((d) => ({ id: d.id, kind: d.kind, status: d.status, text: d.text, attachmentId: d.attachment_id, releasedAt: iso(d.released_at), sentAt: iso(d.sent_at) })),
    attachments: attachments.map((a) => ({
      id: a.id, fileName: a.file_name, mimeType: a.mime_type, sizeBytes: Number(a.size_bytes), sha256: a.sha256, kind: a.kind,
      createdAt: iso(a.created_at), includedAs: files.find((f) => f.attachmentId === a.id)?.path ?? null,
    })),
    recipients,
    retention: {
      periodMonths: retention?.period_months ?? null, startsAt: retention?.starts_at ?? null, appraisal: retention?.appraisal ?? null,
      periodStart: iso(retention?.period_start), dueAt: iso(retention?.due_at), legalHold: holds.some((h) => !h.released_at),
    },
  };
  return { json, files };
}

/** The report's content for the given cases (already checked to be the tenant's). */
export async function buildSubjectReport(trx: Trx, caseIds: string[], controller: string, now: Date): Promise<SubjectReport> {
  const rows = await reportCases(trx, caseIds);
  const cases: SubjectReport['cases'] = [];
  const files: ReportFile[] = [];
  for (const row of rows) {
    const one = await reportOfCase(trx, row);
    cases.push(one.json);
    files.push(...one.files);
  }
  return { format: REPORT_FORMAT, createdAt: now.toISOString(), controller, cases, files };
}

const de = (value: string | null) => (value ? new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium' }).format(new Date(value)) : '–');
const STATUS: Record<string, string> = { pending: 'ausstehend', delivered: 'zugestellt', sent: 'versandt', failed: 'fehlgeschlagen', dead: 'fehlgeschlagen', read: 'gelesen' };

function formLines(items: FormItem[], depth = 0): string[] {
  return items.flatMap((i) => {
    const value = i.stringValue ?? (i.numberValue !== undefined ? String(i.numberValue) : i.dateValue ?? (i.booleanValue !== undefined ? (i.booleanValue ? 'ja' : 'nein') : ''));
    return [`${'  '.repeat(depth)}${i.label || i.name}${value ? `: ${value}` : ''}`, ...formLines(i.formItems ?? [], depth + 1)];
  });
}

function applicantLines(a: Applicant): string[] {
  const address = a.address ? [[a.address.street, a.address.houseNumber].filter(Boolean).join(' '), [a.address.postalCode, a.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
  return [
    a.organisationName && `Organisation: ${a.organisationName}`, (a.firstName || a.lastName) && `Name: ${[a.firstName, a.lastName].filter(Boolean).join(' ')}`,
    a.dateOfBirth && `Geburtsdatum: ${a.dateOfBirth}`, address && `Anschrift: ${address}`, a.email && `E-Mail: ${a.email}`, a.phone && `Telefon: ${a.phone}`,
    a.mailbox && `Postfach (${a.mailbox.type}): ${a.mailbox.identifier}`, a.replyEmail && `Antwortadresse: ${a.replyEmail}`,
  ].filter((l): l is string => !!l);
}

/** The report as the text of the letter (the PDF); the JSON has the same content in full. */
export function reportText(report: SubjectReport): string {
  const parts = [
    `Sie haben Auskunft über die personenbezogenen Daten verlangt, die ${report.controller} über Sie verarbeitet (Art. 15 DSGVO). ` +
      `Wir haben ${report.cases.length} Vorgang/Vorgänge gefunden. Die Daten dienen der Bearbeitung Ihrer Anträge (Art. 6 Abs. 1 lit. c und e DSGVO). ` +
      'Sie stammen aus Ihren Anträgen und Ihren Nachrichten. Das beiliegende Archiv enthält diese Auskunft zusätzlich maschinenlesbar (auskunft.json) und alle Dateien der Vorgänge.',
  ];
  for (const c of report.cases) {
    const lines = [
      `Vorgang ${c.caseNumber} – ${c.service}`,
      `Eingang: ${de(c.receivedAt)} über ${c.channel}; Stand: ${c.status}; zuständig: ${c.orgUnit}`,
      'Angaben zur Person:', ...applicantLines(c.applicant).map((l) => `  ${l}`),
      'Antragsdaten:', ...formLines(c.formData ?? []).map((l) => `  ${l}`),
      `Nachrichten: ${c.messages.length}${c.messages.map((m) => `\n  ${de(m.createdAt)} ${m.direction === 'out' ? 'an Sie' : 'von Ihnen'}: ${m.subject}`).join('')}`,
      `Bescheide: ${c.decisions.length}${c.decisions.map((d) => `\n  ${d.kind === 'approval' ? 'Bewilligung' : 'Ablehnung'} (${d.status})${d.sentAt ? `, versandt am ${de(d.sentAt)}` : ''}`).join('')}`,
      `Dateien: ${c.attachments.length}${c.attachments.map((a) => `\n  ${a.fileName} (${a.sizeBytes} Bytes)${a.includedAs ? '' : ' – nicht beigefügt: Schadsoftware gefunden'}`).join('')}`,
      `Empfänger: ${c.recipients.length ? c.recipients.map((r) => `\n  ${r.recipient}: ${r.what}, ${STATUS[r.status] ?? r.status}, ${de(r.at)}`).join('') : 'keine'}`,
      `Speicherdauer: ${c.retention.dueAt ? `bis ${de(c.retention.dueAt)}` : `${c.retention.periodMonths ?? '–'} Monate nach Abschluss des Vorgangs`}` +
        `${c.retention.legalHold ? '; der Vorgang ist derzeit wegen einer Aufbewahrungssperre von der Löschung ausgenommen' : ''}.`,
    ];
    parts.push(lines.join('\n'));
  }
  parts.push(
    'Sie haben das Recht auf Berichtigung (Art. 16 DSGVO), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18) und Widerspruch (Art. 21) ' +
      'sowie das Recht, sich bei der zuständigen Datenschutzaufsichtsbehörde zu beschweren (Art. 77 DSGVO).',
  );
  return parts.join('\n\n');
}
