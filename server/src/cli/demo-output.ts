import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { credentialsPath, readCredentials, writeCredentials, type DemoCredentials } from '../demo/credentials.js';
import { seedDemo } from '../demo/seed.js';
import type { Output } from './output.js';

/** Seeds the demo (if missing), writes demo-credentials.json and says what happened. */
export async function seedDemoAndReport(db: Database, config: AppConfig, out: Output, caseCount?: number): Promise<DemoCredentials | null> {
  out.log('Prüfe Demodaten „Musterstadt“ …');
  const result = await seedDemo(db, { publicUrl: config.publicUrl, caseCount });
  if (!result.created) {
    out.log('Demo-Kommune „Musterstadt“ ist bereits vorhanden – Daten werden weiterverwendet.');
    return readCredentials(config.dataDir);
  }
  const total = Object.values(result.casesByStatus).reduce((a, b) => a + b, 0);
  const byStatus = Object.entries(result.casesByStatus).map(([s, n]) => `${s} ${n}`).join(', ');
  out.log(`Demo-Kommune „Musterstadt“ angelegt: ${total} Vorgänge (${byStatus}).`);
  writeCredentials(config.dataDir, result.credentials);
  return result.credentials;
}

export function printCredentials(credentials: DemoCredentials | null, config: AppConfig, out: Output): void {
  if (!credentials) return;
  out.log(`Demo-Anmeldungen (Kommune: ${credentials.tenant.name}, Kürzel „${credentials.tenant.slug}“):`);
  const width = Math.max(...credentials.users.map((u) => u.email.length));
  for (const u of credentials.users) out.log(`  ${u.email.padEnd(width)}  ${u.password.padEnd(24)}  ${u.displayName} (${u.role})`);
  out.log(`  Betrieb (Plattform): ${credentials.operator.email}  ${credentials.operator.password}`);
  out.log(`  Intake-API-Token (intake:submit): ${credentials.intakeToken.token}`);
  out.log(`Zugangsdaten gespeichert in: ${credentialsPath(config.dataDir)}`);
}
