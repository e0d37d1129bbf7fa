import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { credentialsPath, readCredentials, writeCredentials, type DemoCredentials } from '../demo/credentials.js';
import { seedDemo } from '../demo/seed.js';
import type { Output } from './output.js';
import { CASE_STATUSES, STATUS_LABELS } from '../cases/lifecycle.js';
import type { Role } from '../auth/principal.js';

/** The roles in the words the desk uses (web/src/i18n/de.ts, admin.roles). */
const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administration', intake: 'Poststelle', caseworker: 'Sachbearbeitung', teamlead: 'Teamleitung', reader: 'Lesezugriff', records: 'Schriftgutverwaltung', privacy: 'Datenschutz',
};

/** „200 Vorgänge (Neu 31, Angenommen 12, …)“, statuses in the order of the lifecycle, in German. */
export function casesSummary(casesByStatus: Record<string, number>): string {
  const total = Object.values(casesByStatus).reduce((a, b) => a + b, 0);
  const parts = CASE_STATUSES.filter((s) => casesByStatus[s]).map((s) => `${STATUS_LABELS[s]} ${casesByStatus[s]}`);
  return `${total} Vorgänge (${parts.join(', ')})`;
}

const rolesInWords = (roles: string) => roles.split(',').map((r) => ROLE_LABELS[r as Role] ?? r).join(', ');

/** Seeds the demo (if missing), writes demo-credentials.json and says what happened. */
export async function seedDemoAndReport(db: Database, config: AppConfig, out: Output, caseCount?: number): Promise<DemoCredentials | null> {
  out.log('Prüfe Demodaten „Musterstadt“ …');
  const result = await seedDemo(db, { publicUrl: config.publicUrl, caseCount });
  if (!result.created) {
    out.log('Demo-Kommune „Musterstadt“ ist bereits vorhanden – Daten werden weiterverwendet.');
    return readCredentials(config.dataDir);
  }
  out.log(`Demo-Kommune „Musterstadt“ angelegt: ${casesSummary(result.casesByStatus)}.`);
  writeCredentials(config.dataDir, result.credentials);
  return result.credentials;
}

export function printCredentials(credentials: DemoCredentials | null, config: AppConfig, out: Output): void {
  if (!credentials) return;
  out.log(`Demo-Anmeldungen (Kommune: ${credentials.tenant.name}, Kürzel „${credentials.tenant.slug}“):`);
  const width = Math.max(...credentials.users.map((u) => u.email.length));
  out.log(`  ${'E-Mail-Adresse'.padEnd(width)}  ${'Passwort'.padEnd(24)}  Name (Rolle)`);
  for (const u of credentials.users) out.log(`  ${u.email.padEnd(width)}  ${u.password.padEnd(24)}  ${u.displayName} (${rolesInWords(u.role)})`);
  out.log(`  Plattformbetrieb: ${credentials.operator.email}  ${credentials.operator.password}`);
  out.log(`  API-Schlüssel für den Antragseingang (Berechtigung intake:submit): ${credentials.intakeToken.token}`);
  out.log(`Zugangsdaten gespeichert in: ${credentialsPath(config.dataDir)}`);
}
