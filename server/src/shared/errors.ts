/**
 * One error type for everything the API refuses. The code is stable (clients switch on it), the
 * German text is what a user reads, the internal message is for logs only and never sent.
 */
export const errorCatalog = {
  validation_failed: { status: 400, title: 'Die Eingabe ist ungültig.' },
  bad_request: { status: 400, title: 'Die Anfrage ist fehlerhaft.' },
  soap_namespace: { status: 400, title: 'Die SOAP-Nachricht verwendet einen falschen oder keinen Namensraum.' },
  weak_password: { status: 400, title: 'Dieses Passwort ist nicht sicher genug.' },
  unauthenticated: { status: 401, title: 'Bitte melden Sie sich an.' },
  invalid_credentials: { status: 401, title: 'E-Mail-Adresse oder Passwort ist falsch.' },
  // staff OIDC per tenant (decision 0033)
  password_login_disabled: { status: 403, title: 'Diese Kommune hat die Anmeldung mit Passwort abgeschaltet. Bitte melden Sie sich über den Identitätsanbieter Ihrer Verwaltung an.' },
  roles_managed_by_idp: { status: 409, title: 'Rollen und Organisationseinheiten dieser Person verwaltet der Identitätsanbieter; sie können hier nicht geändert werden.' },
  csrf_failed: { status: 403, title: 'Die Sicherheitsprüfung der Anfrage ist fehlgeschlagen. Bitte laden Sie die Seite neu.' },
  forbidden: { status: 403, title: 'Für diese Aktion fehlt Ihnen die Berechtigung.' },
  trust_level_too_low: { status: 403, title: 'Ihre Anmeldung reicht für diesen Vorgang nicht aus. Bitte melden Sie sich mit Ihrem Servicekonto an.' },
  not_found: { status: 404, title: 'Nicht gefunden.' },
  file_infected: { status: 409, title: 'In dieser Datei wurde Schadsoftware gefunden. Sie ist gesperrt und kann nicht heruntergeladen werden.' },
  conflict: { status: 409, title: 'Die Aktion steht im Konflikt mit dem aktuellen Stand.' },
  version_conflict: { status: 409, title: 'Der Vorgang wurde zwischenzeitlich geändert. Bitte laden Sie ihn neu.' },
  invalid_transition: { status: 409, title: 'Dieser Statuswechsel ist nicht erlaubt.' },
  duplicate: { status: 409, title: 'Ein Eintrag mit diesen Angaben existiert bereits.' },
  legal_hold_exists: { status: 409, title: 'Für diesen Vorgang besteht bereits eine Aufbewahrungssperre.' },
  restore_target_not_empty: { status: 409, title: 'Eine Sicherung wird nur in eine leere Installation eingespielt.' },
  tenant_exists: { status: 409, title: 'Diese Kommune gibt es in dieser Installation bereits.' },
  export_running: { status: 409, title: 'Es läuft bereits ein Export. Bitte warten Sie, bis er fertig ist.' },
  purge_refused_legal_hold: { status: 409, title: 'Der Vorgang steht unter einer Aufbewahrungssperre und wird nicht gelöscht.' },
  erasure_four_eyes: { status: 409, title: 'Eine Löschung muss eine zweite Person mit der Rolle Datenschutz bestätigen, nicht die Person, die sie beantragt hat.' },
  erasure_case_on_hold: { status: 409, title: 'Der Vorgang steht unter einer Aufbewahrungssperre und darf nicht gelöscht werden, bis die Sperre aufgehoben ist.' },
  erasure_request_exists: { status: 409, title: 'Für diesen Vorgang ist bereits eine Löschung beantragt oder in Ausführung.' },
  subject_report_too_large: { status: 422, title: 'Die Auskunft ist zu groß für ein Archiv. Bitte wählen Sie weniger Vorgänge aus.' },
  four_eyes_required: { status: 409, title: 'Vier-Augen-Prinzip: Die Vernichtung muss eine zweite Person bestätigen, nicht die Person, die die Liste freigegeben hat.' },
  legal_hold_on_list: { status: 409, title: 'Auf der Aussonderungsliste steht ein Vorgang mit Aufbewahrungssperre. Nehmen Sie ihn zuerst von der Liste.' },
  destruction_list_step: { status: 409, title: 'Die Aussonderungsliste ist nicht in dem Schritt, den diese Aktion voraussetzt.' },
  case_handed_over: { status: 409, title: 'Der Vorgang ist an ein Fachverfahren übergeben. Status und Zuständigkeit ändert nur dieses, bis es ihn zurückgibt oder er zurückgeholt wird.' },
  webhook_delivery_not_dead: { status: 409, title: 'Nur unzustellbare Webhook-Zustellungen können erneut gesendet werden.' },
  case_read_only: { status: 409, title: 'Der Vorgang wurde federführend abgegeben und ist schreibgeschützt.' },
  xdomea_handover_pending: { status: 409, title: 'Für diesen Vorgang läuft bereits eine Abgabe, deren Antwort noch aussteht.' },
  xdomea_target_missing: { status: 422, title: 'Das Ziel der Abgabe ist nicht eingerichtet.' },
  xdomea_case_open: { status: 422, title: 'Nur abgeschlossene oder beschiedene Vorgänge können abgegeben werden.' },
  xdomea_answer_refused: { status: 422, title: 'Die xdomea-Antwort wurde abgewiesen; es wurde nichts geändert.' },
  absence_overlap: { status: 409, title: 'Für diese Person ist in diesem Zeitraum bereits eine Abwesenheit eingetragen.' },
  deputy_absent: { status: 422, title: 'Die gewählte Vertretung ist in diesem Zeitraum selbst abwesend. Bitte wählen Sie eine andere Person.' },
  deadline_not_extendable: { status: 409, title: 'Die Frist dieses Vorgangs kann nicht verlängert werden.' },
  delegation_step: { status: 409, title: 'Die Vereinbarung ist nicht in dem Stand, den diese Aktion voraussetzt.' },
  delegation_exists: { status: 409, title: 'Mit dieser Kommune besteht für diesen Zweck bereits eine Vereinbarung.' },
  task_closed: { status: 409, title: 'Diese Aufgabe ist bereits erledigt oder zurückgezogen.' },
  tasks_open: { status: 409, title: 'Der Bescheid kann erst versandt werden, wenn alle Aufgaben des Vorgangs erledigt sind.' },
  identifier_conflict: { status: 409, title: 'Die Kennung ist bereits einer anderen Stelle zugeordnet.' },
  payload_too_large: { status: 413, title: 'Die Datei oder Anfrage ist zu groß.' },
  request_timeout: { status: 408, title: 'Die Anfrage kam nicht rechtzeitig vollständig an.' },
  uri_too_long: { status: 414, title: 'Die Adresse ist zu lang.' },
  unsupported_media_type: { status: 415, title: 'Dieses Format wird nicht unterstützt.' },
  file_type_mismatch: { status: 415, title: 'Der Inhalt der Datei passt nicht zu ihrem angegebenen Typ.' },
  malware_found: { status: 422, title: 'Die Datei enthält Schadsoftware und wird nicht angenommen.' },
  file_not_scanned_yet: { status: 423, title: 'Die Datei wird noch auf Schadsoftware geprüft. Bitte versuchen Sie es in einigen Minuten erneut.' },
  unprocessable: { status: 422, title: 'Die Anfrage kann so nicht verarbeitet werden.' },
  no_electronic_route: { status: 422, title: 'Die antragstellende Person ist elektronisch nicht erreichbar; die Nachricht kann als Brief erstellt werden.' },
  letter_without_address: { status: 422, title: 'Für einen Brief fehlt die Postanschrift der antragstellenden Person.' },
  search_too_broad: {
    status: 422,
    title: 'Diese Suche findet zu viele Vorgänge, um sie schnell zu sortieren. Bitte eingrenzen: ein genaueres Suchwort, einen Status, eine Leistung oder einen Zeitraum wählen.',
  },
  event_type_unknown: { status: 422, title: 'Diesen Ereignistyp gibt es im Ereigniskatalog nicht.' },
  url_not_allowed: { status: 422, title: 'Diese Adresse darf nicht als Ziel verwendet werden.' },
  xdomea_outgoing_invalid: { status: 422, title: 'Die xdomea-Nachricht entspricht nicht dem Standard xdomea 3.0 und wird nicht versendet. Bitte die genannte Angabe korrigieren.' },
  xdomea_message_invalid: { status: 422, title: 'Die empfangene xdomea-Nachricht ist ungültig und wurde nicht verarbeitet.' },
  export_invalid: { status: 422, title: 'Die Datei ist kein gültiges Amtsdesk-Exportarchiv; es wurde nichts gespeichert.' },
  backup_invalid: { status: 422, title: 'Die Sicherung ist unvollständig oder beschädigt; es wurde nichts eingespielt.' },
  import_rejected: { status: 422, title: 'Der Import enthält fehlerhafte Zeilen; es wurde nichts gespeichert.' },
  headers_too_large: { status: 431, title: 'Die Kopfzeilen der Anfrage sind zu groß.' },
  rate_limited: { status: 429, title: 'Zu viele Versuche. Bitte warten Sie einen Moment.' },
  integrity_error: { status: 500, title: 'Eine gespeicherte Datei ist beschädigt.' },
  internal: { status: 500, title: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.' },
  // Processors and register queries (issue #17, items 4 and 5)
  processor_suggestion_closed: { status: 409, title: 'Dieser Vorschlag wurde bereits übernommen oder verworfen.' },
  register_unavailable: { status: 503, title: 'Das Register ist gerade nicht erreichbar. Es wurde nichts abgefragt und nichts protokolliert; bitte versuchen Sie es später erneut.' },
  bad_gateway: { status: 502, title: 'Ein angebundenes System hat nicht richtig geantwortet.' },
  scanner_unavailable: { status: 503, title: 'Die Prüfung auf Schadsoftware ist gerade nicht möglich. Bitte versuchen Sie es später erneut.' },
  unavailable: { status: 503, title: 'Der Dienst ist vorübergehend nicht verfügbar.' },
  checkpoints_unconfigured: {
    status: 503,
    title: 'Signierte Prüfpunkte sind nicht eingerichtet: Der Betrieb muss AMTSDESK_AUDIT_KEY_FILE setzen.',
  },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface AppErrorOptions {
  /** German, user-facing; defaults to the catalog title. */
  detail?: string;
  /** The offending input field, as a JSON pointer-ish path (e.g. "applicant.lastName"). */
  field?: string;
  /** For logs; never sent to the client. */
  internal?: string;
  extra?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly field?: string;
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.internal ?? options.detail ?? code);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.detail = options.detail ?? errorCatalog[code].title;
    this.field = options.field;
    this.extra = options.extra;
  }
}

export const notFound = (what = 'Der Eintrag') => new AppError('not_found', { detail: `${what} wurde nicht gefunden.` });

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  field?: string;
  [key: string]: unknown;
}

export function toProblem(error: AppError, instance?: string): ProblemDocument {
  return {
    type: `https://amtsdesk.de/probleme/${error.code}`,
    title: errorCatalog[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.detail,
    ...(instance ? { instance } : {}),
    ...(error.field ? { field: error.field } : {}),
    ...(error.extra ?? {}),
  };
}
