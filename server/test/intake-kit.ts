// Shared fixtures for the intake tests (realistic German applications built from the contracts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDatabase } from './db.js';
import { createOrgUnit, createService, createTenant } from './factories.js';
import { tokenHeaders } from './app.js';
import { createPlatformIntakeToken } from '../src/intake/sender-auth.js';

export const LEIKA_HUND = '99050012104000';

export interface Part { name: string; filename?: string; contentType?: string; data: Buffer | string }

/** A multipart/form-data body built by hand, so tests control every byte (bad names, bad UTF-8). */
export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----amtsdesk${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
export const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), Buffer.alloc(64, 1)]);
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58, 0), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64, 0), Buffer.from('PE\0\0'), Buffer.alloc(200, 0)]);

/** Hundesteuer-Anmeldung: nested groups, a repeated group (two dogs), dates, booleans, numbers. */
export function dogTaxForm() {
  return [
    {
      name: 'antragsteller', label: 'Antragstellende Person',
      formItems: [
        { name: 'vorname', label: 'Vorname', stringValue: 'Jürgen' },
        { name: 'nachname', label: 'Nachname', stringValue: 'Müller-Lüdenscheidt' },
        { name: 'geburtsdatum', label: 'Geburtsdatum', dateValue: '1971-03-14' },
        {
          name: 'anschrift', label: 'Anschrift',
          formItems: [
            { name: 'strasse', label: 'Straße', stringValue: 'Holstenstraße' },
            { name: 'hausnummer', label: 'Hausnummer', stringValue: '12a' },
            { name: 'plz', label: 'PLZ', stringValue: '24103' },
            { name: 'ort', label: 'Ort', stringValue: 'Kiel' },
          ],
        },
      ],
    },
    { name: 'hund', label: 'Hund', formItems: [{ name: 'rufname', label: 'Rufname', stringValue: 'Bello' }, { name: 'gefaehrlich', label: 'Gefährlicher Hund', booleanValue: false }, { name: 'geboren', label: 'Wurfdatum', dateValue: '2021-06-01' }] },
    { name: 'hund', label: 'Hund', formItems: [{ name: 'rufname', label: 'Rufname', stringValue: 'Struppi' }, { name: 'gefaehrlich', label: 'Gefährlicher Hund', booleanValue: true }, { name: 'gewicht', label: 'Gewicht (kg)', numberValue: 31.5 }] },
    { name: 'haltungBeginn', label: 'Beginn der Haltung', dateValue: '2024-05-01' },
    { name: 'einverstaendnis', label: 'Ich versichere die Richtigkeit meiner Angaben', booleanValue: true },
  ];
}

export function ozgDocument(overrides: { transactionId?: string; control?: Record<string, unknown>; formData?: unknown } = {}) {
  return {
    control: {
      transactionId: overrides.transactionId ?? `ozg-${Math.random().toString(36).slice(2)}`,
      zustaendigeStelle: '01002000',
      organisationsEinheitenId: 'STA',
      leikaIds: [LEIKA_HUND],
      formId: 'hundesteuer-anmeldung-v3',
      name: 'Anmeldung eines Hundes zur Hundesteuer',
      serviceKonto: { type: 'OSI', trustLevel: 'STORK-QAA-Level-3', postfachAddress: { identifier: 'osi-postfach-4711-abcd', type: 'OSI' } },
      ...overrides.control,
    },
    formData: overrides.formData ?? dogTaxForm(),
  };
}

/** A tenant (AGS 01002000, Kiel) with the dog-tax service in its Steueramt, plus intake credentials. */
export async function intakeWorld(t: TestDatabase, options: { ags?: string; leikaKey?: string } = {}) {
  const tenant = await createTenant(t.db, { name: 'Landeshauptstadt Kiel', kind: 'city', ags: options.ags ?? '01002000' });
  const unit = await createOrgUnit(t.db, { tenant, name: 'Steueramt', shortCode: 'STA' });
  const service = await createService(t.db, { tenant, orgUnitId: unit.id, leikaKey: options.leikaKey ?? LEIKA_HUND, name: 'Hundesteuer Anmeldung' });
  const headers = await tokenHeaders(t.db, tenant.id, ['intake:submit']);
  return { tenant, unit, service, headers };
}

export async function platformHeaders(t: TestDatabase): Promise<Record<string, string>> {
  const { token } = await createPlatformIntakeToken(t.db, 'Formularserver Land');
  return { authorization: `Basic ${Buffer.from(`formserver:${token}`).toString('base64')}` };
}

/** Everything an intake could leave behind, across all tenants (superuser view). */
export async function storedCounts(t: TestDatabase) {
  const one = async (table: string) => Number((await t.adminQuery<{ n: string }>(`select count(*)::int as n from ${table}`))[0]!.n);
  return { cases: await one('cases'), attachments: await one('attachments'), unrouted: await one('unrouted_submissions'), outbox: await one('outbox') };
}

export function blobTempFiles(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'blobs', 'tmp'));
  } catch {
    return [];
  }
}
