export const HELP = `amtsdesk – Vorgangsbearbeitung für Kommunen

Aufruf: amtsdesk <Befehl> [Optionen]      (im Repository: npx amtsdesk …)

Befehle:
  start                          Server starten (beim ersten Start mit Demodaten „Musterstadt“)
  worker                         Nur Hintergrundaufgaben: Postausgang, Abrufe, geplante Läufe
                                 (braucht DATABASE_URL; beliebig viele neben Servern mit
                                 AMTSDESK_JOBS=worker, jede Aufgabe läuft trotzdem nur einmal)
  tenant create --name <Name> --kind <Art> --ags <AGS> --admin-email <E-Mail>
                [--admin-name <Name>] [--slug <Kürzel>]
                                 Kommune mit erster Administration anlegen; gibt den
                                 Einladungslink für die erste Anmeldung aus
                                 Art: municipality, city, district, office, ministry
  tenant list                    Alle Kommunen auflisten
  tenant export <Kürzel> --out <Datei>
                                 Alles einer Kommune als Archiv (tar.gz, Format in docs/records.md):
                                 Vorgänge mit Historie, Dateien, Personen, Einstellungen, Prüfpunkte;
                                 ohne Passwörter, Sitzungen, API-Schlüssel und Geheimnisse
  tenant import <Datei>          Export in diese Installation übernehmen (die Kommune darf hier noch
                                 nicht bestehen); prüft das Archiv vollständig vor dem ersten Schreiben
  operator create --email <E-Mail> --name <Name>
                                 Betreiberkonto anlegen (Passwort aus AMTSDESK_OPERATOR_PASSWORD
                                 oder einmalig erzeugt und ausgegeben)
  migrate                        Datenbankschema auf den neuesten Stand bringen
  backup <Verzeichnis>           Konsistente Sicherung: Datenbank (pg_dump bzw. eingebettet), alle
                                 Dateien des Speichers und manifest.json mit Prüfsummen
  restore <Verzeichnis>          Sicherung in eine leere Installation einspielen (verweigert, wenn
                                 Datenbank oder Dateispeicher nicht leer sind); prüft vorher alles
  seed-demo [--cases <Anzahl>]   Demodaten „Musterstadt“ anlegen (nichts, wenn schon vorhanden;
                                 Zugangsdaten in <Datenverzeichnis>/demo-credentials.json)
  audit verify [--tenant <Kürzel>] [--checkpoints <Datei>]… [--public-key <Datei>]
                                 Hash-Kette der Historie prüfen (alle Kommunen oder eine) und mit
                                 den signierten Prüfpunkten vergleichen: aus der Datenbank und aus
                                 veröffentlichten Dateien (JSON Lines oder Export); meldet Kürzung,
                                 Umordnung, veränderte Zeitstempel und Inhalte
  audit checkpoint [--export <Datei>] [--tenant <Kürzel>]
                                 Jetzt einen signierten Prüfpunkt je Kommune setzen, ausstehende
                                 veröffentlichen, optional den neuesten je Kommune exportieren
  audit public-key               Öffentlichen Prüfpunkt-Schlüssel (PEM) mit Fingerabdruck ausgeben
  blobs gc [--grace-hours <Stunden>]
                                 Gespeicherte Dateien löschen, auf die nichts mehr verweist und
                                 die älter als die Frist sind (Standard 24, mindestens 1); läuft
                                 im Server ohnehin stündlich
  retention due [--tenant <Kürzel>] [--as-of <JJJJ-MM-TT>]
                                 Abgeschlossene Vorgänge, deren Aufbewahrungsfrist bis zu diesem
                                 Tag (Standard: heute) abgelaufen ist, je Kommune nach
                                 Archivbewertung (A/B/V) und Sperren; --as-of für Proben
  retention run [--tenant <Kürzel>] [--as-of <JJJJ-MM-TT>]
                                 Aussonderungslisten vorschlagen wie der tägliche Lauf im Server,
                                 mit gesetzter Uhr (--as-of) für Tests und Proben

Umgebung:
  DATABASE_URL        PostgreSQL-Server (ohne: eingebettete Datenbank in AMTSDESK_DATA_DIR)
  AMTSDESK_DATA_DIR   Datenverzeichnis (Standard: .data)
  AMTSDESK_MIGRATE_ON_START  1/0: start bringt das Schema selbst auf den neuesten Stand (Standard: 1)
  AMTSDESK_PUBLIC_URL externe Adresse für Links (Standard: http://localhost:$PORT)
  AMTSDESK_DEMO       1/0: Demodaten beim ersten Start anlegen (Standard: nur eingebettete Datenbank)
  AMTSDESK_DEMO_CASES Zahl der Demo-Vorgänge (Standard: 200)
  PORT, HOST          Adresse des Servers (Standard: 3000, 127.0.0.1)
  AMTSDESK_JOBS       inline: start führt auch die Hintergrundaufgaben aus (Standard);
                      worker: nur Prozesse von „amtsdesk worker“ führen sie aus
  AMTSDESK_BLOB_GC_GRACE_HOURS      Frist, bevor unbenutzte Dateien gelöscht werden (Standard: 24)
  AMTSDESK_BLOB_GC_INTERVAL_MINUTES Abstand der Aufräumläufe im Server (Standard: 60)
  AMTSDESK_AUDIT_KEY_FILE           Signaturschlüssel der Prüfpunkte (Ed25519, PEM; fehlt er, wird er
                                    angelegt; Standard nur eingebettet: <Datenverzeichnis>/audit-signing-key.pem)
  AMTSDESK_AUDIT_PUBLIC_KEY_FILE    öffentlicher Schlüssel, mit dem audit verify prüft
  AMTSDESK_AUDIT_CHECKPOINT_INTERVAL_MINUTES  Abstand der Prüfpunkte im Server (Standard: 60, 0 = aus)
  AMTSDESK_AUDIT_PUBLISH_FILE       Prüfpunkte zusätzlich an diese Datei anhängen (JSON Lines)
  AMTSDESK_AUDIT_PUBLISH_URL        Prüfpunkte zusätzlich per HTTP POST an diese Adresse senden

Rückgabewerte: 0 in Ordnung, 1 Fehler oder Prüfung fehlgeschlagen, 2 falscher Aufruf oder ungültige Eingabe.
`;
