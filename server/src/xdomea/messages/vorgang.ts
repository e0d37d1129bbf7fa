import type { PlannedDocument, PlannedFile } from './documents.js';
import type { CaseBundle } from './repository.js';
import { code, opt, x, xsDate, xsDateTime, type Xml } from './xml.js';

const DATEIFORMAT = { listURI: 'urn:xoev-de:xdomea:codeliste:dateiformat', listVersionID: '1.0' };
const AUSSONDERUNGSART = { listURI: 'urn:xoev-de:xdomea:codeliste:aussonderungsart', listVersionID: '1.0' };
const BEWERTUNGSVORSCHLAG = { listURI: 'urn:xoev-de:xdomea:codeliste:bewertungsvorschlag', listVersionID: '1.0' };

/** The desk's status names (web/src/i18n/de.ts), so the receiver reads what the caseworker saw. */
const STATUS_LABEL: Record<string, string> = {
  new: 'Neu', accepted: 'Angenommen', in_progress: 'In Bearbeitung', decided: 'Beschieden', closed: 'Abgeschlossen',
  rejected: 'Abgelehnt', forwarded: 'Weitergeleitet', reopened: 'Wiedereröffnet', deletion_requested: 'Löschung beantragt',
};

/** Amtsdesk's own metadata where xdomea 3.0 has no element (status, LeiKa key, file hashes): AnwendungsspezifischeErweiterung. */
function extension(description: string, fields: Array<{ name: string; description?: string; value: string }>): Xml | null {
  if (fields.length === 0) return null;
  return x('AnwendungsspezifischeErweiterung', [
    x('Kennung', 'amtsdesk'),
    x('Name', 'Amtsdesk'),
    x('Beschreibung', description),
    ...fields.map((f) => x('Feld', [x('Name', f.name), opt('Beschreibung', f.description), x('Wert', f.value)])),
  ]);
}

function format(file: PlannedFile): Xml {
  return x('Format', [
    code('Name', file.format.code, DATEIFORMAT),
    opt('SonstigerName', file.format.otherName),
    x('Version', file.format.version),
    x('Primaerdokument', [
      x('Dateiname', file.fileName),
      x('DateinameOriginal', file.originalName),
      x('DatumUhrzeit', xsDateTime(file.createdAt)),
    ]),
  ]);
}

/** A Dokument (or, as `Anlage`, an annex): metadata, one Version with its files, hashes, annexes. */
export function dokument(doc: PlannedDocument, position: number, element: 'Dokument' | 'Anlage' = 'Dokument'): Xml {
  return x(element, [
    x('Identifikation', [x('ID', doc.id), x('NummerImUebergeordnetenContainer', position)]),
    x('AllgemeineMetadaten', [x('Betreff', doc.subject), opt('Bemerkung', doc.note)]),
    doc.receivedOn ? x('Posteingangsdatum', xsDate(doc.receivedOn)) : null,
    doc.sentOn ? x('Postausgangsdatum', xsDate(doc.sentOn)) : null,
    opt('Bearbeiter', doc.author),
    x('Typ', doc.type),
    doc.files.length ? x('Version', [x('Nummer', '1'), ...doc.files.map(format)]) : null,
    ...doc.annexes.map((annex, i) => dokument(annex, i + 1, 'Anlage')),
    extension('Prüfsummen der Dateien dieses Dokuments (SHA-256, hexadezimal)', doc.files.map((f) => ({ name: 'SHA-256', description: f.fileName, value: f.sha256 }))),
  ]);
}

/** Retention and appraisal as MetadatenAussonderung: the archive selects by Aussonderungsart (A/B/V). */
function archival(bundle: CaseBundle): Xml | null {
  const r = bundle.retention;
  if (!r) return null;
  const appraisal = ['A', 'B', 'V'].includes(r.appraisal) ? r.appraisal : 'B';
  return x('ArchivspezifischeMetadaten', [
    x('Aufbewahrungsdauer', [x('AnzahlJahre', Math.ceil(r.period_months / 12))]),
    x('Aussonderungsart', [code('Aussonderungsart', appraisal, AUSSONDERUNGSART)]),
    appraisal === 'B' ? null : code('Bewertungsvorschlag', appraisal, BEWERTUNGSVORSCHLAG),
    r.due_at ? x('Aufbewahrungsende', xsDate(r.due_at)) : null,
  ]);
}

/**
 * A case as xdomea Vorgang: Kennzeichen is the case number, Betreff its title, Typ the service,
 * Federführung the org unit, Laufzeit from receipt to closing, the history as
 * HistorienProtokollInformation, then its documents. Field by field in docs/xdomea.md.
 */
export function vorgang(bundle: CaseBundle, documents: PlannedDocument[]): Xml {
  const { kase } = bundle;
  const closed = kase.closed_at && ['closed', 'deletion_requested'].includes(kase.status) ? new Date(kase.closed_at) : null;
  return x('Vorgang', [
    x('Identifikation', [x('ID', kase.id)]),
    x('AllgemeineMetadaten', [
      x('Betreff', kase.title),
      x('Kennzeichen', kase.case_number),
      x('Federfuehrung', kase.org_unit_name),
    ]),
    archival(bundle),
    x('Typ', kase.service_name),
    x('ZdA', closed !== null),
    closed ? x('ZdADatum', xsDate(closed)) : null,
    x('Laufzeit', [x('Beginn', xsDate(kase.received_at)), closed ? x('Ende', xsDate(closed)) : null]),
    ...bundle.events.map((e) => x('HistorienProtokollInformation', [
      statusChange(e.data) ? x('MetadatumName', 'Status') : null,
      ...(statusChange(e.data) ? [opt('MetadatumAlterWert', label(statusChange(e.data)!.from)), opt('MetadatumNeuerWert', label(statusChange(e.data)!.to))] : []),
      x('Akteur', e.actor_name || 'System'),
      x('DatumUhrzeit', xsDateTime(e.occurred_at)),
      x('Aktion', e.type),
    ])),
    ...documents.map((doc, i) => dokument(doc, i + 1)),
    extension('Angaben aus Amtsdesk ohne eigenes xdomea-Element', [
      { name: 'Status', description: STATUS_LABEL[kase.status] ?? kase.status, value: kase.status },
      { name: 'Leistungsschluessel', description: 'LeiKa-Schlüssel der Leistung', value: kase.leika_key },
      { name: 'Organisationseinheit', description: kase.org_unit_name, value: kase.org_unit_code },
      { name: 'Eingangsweg', value: kase.channel },
      { name: 'Eingangszeitpunkt', value: xsDateTime(kase.received_at) },
      { name: 'Letzte Aenderung', value: xsDateTime(kase.updated_at) },
    ]),
  ]);
}

function statusChange(data: Record<string, unknown> | null): { from?: string; to?: string } | null {
  const s = data?.status;
  if (!s || typeof s !== 'object') return null;
  const { from, to } = s as { from?: unknown; to?: unknown };
  return typeof to === 'string' ? { from: typeof from === 'string' ? from : undefined, to } : null;
}
const label = (status: string | undefined) => (status ? STATUS_LABEL[status] ?? status : undefined);
