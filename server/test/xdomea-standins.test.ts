import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { answerXml, readMessage, zipMessage, type AnswerObject } from './xdomea-xml.js';

const here = dirname(fileURLToPath(import.meta.url));
// The vendored schemas (server/schemas, from the messages branch) or the oracle copy beside the checkout.
const SCHEMA_DIRS = [
  join(here, '../schemas/xdomea-3.0.0/xdomea_3.0.0'),
  join(here, '../../../shared/oracles/xdomea-3.0.0/schemes/xdomea_3.0.0'),
  join(here, '../../../../shared/oracles/xdomea-3.0.0/schemes/xdomea_3.0.0'),
];
const schemaDir = SCHEMA_DIRS.find((d) => existsSync(join(d, 'xdomea-Nachrichten-AbgabeDurchfuehren.xsd')));

function xmllint(xml: string, schema: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'xdomea-lint-'));
  try {
    const file = join(dir, 'message.xml');
    writeFileSync(file, xml);
    try {
      const output = execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(schemaDir!, schema), file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
      return { ok: true, output };
    } catch (error) {
      return { ok: false, output: String((error as { stderr?: Buffer }).stderr ?? error) };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const head = (type: string) => ({
  processId: randomUUID(), type,
  sender: { authorityId: 'STANDIN-DMS', name: 'E-Akte Musterstadt (Stand-in)' },
  receiver: { authorityId: 'MUSTERSTADT', name: 'Stadt Musterstadt – Bürgeramt' },
});
const objects: AnswerObject[] = [{ id: randomUUID() }, { id: randomUUID(), ok: false, error: 'Aktenzeichen unbekannt – Übernahme abgelehnt' }];

describe('xdomea stand-in answers are schema-valid xdomea 3.0 (xmllint --schema)', () => {
  it('finds the xdomea 3.0.0 schemas', () => assert.ok(schemaDir, `none of ${SCHEMA_DIRS.join(', ')}`));

  const cases: Array<[string, string, AnswerObject[]]> = [
    ['0402', 'xdomea-Nachrichten-AbgabeDurchfuehren.xsd', objects],
    ['0403', 'xdomea-Nachrichten-AbgabeDurchfuehren.xsd', []],
    ['0502', 'xdomea-Nachrichten-AussonderungDurchfuehren.xsd', [{ id: randomUUID(), appraisal: 'A' }, { id: randomUUID(), appraisal: 'V' }]],
    ['0504', 'xdomea-Nachrichten-AussonderungDurchfuehren.xsd', []],
    ['0506', 'xdomea-Nachrichten-AussonderungDurchfuehren.xsd', [{ id: randomUUID(), archiveId: 'ARCH-1' }, { id: randomUUID(), ok: false, error: 'Prüfsumme falsch' }]],
    ['0507', 'xdomea-Nachrichten-AussonderungDurchfuehren.xsd', []],
  ];
  for (const [type, schema, items] of cases) {
    it(`${type} validates`, { skip: !schemaDir && 'Schemas fehlen' }, () => {
      const result = xmllint(answerXml(head(type), items), schema);
      assert.ok(result.ok, result.output);
    });
  }

  it('xmllint refuses a broken answer (the check can fail)', { skip: !schemaDir && 'Schemas fehlen' }, () => {
    const broken = answerXml(head('0402'), objects).replace(/<xdomea:Erfolgreich>true<\/xdomea:Erfolgreich>/, '');
    assert.equal(xmllint(broken, 'xdomea-Nachrichten-AbgabeDurchfuehren.xsd').ok, false);
  });

  it('an answer packed as the standard ZIP reads back with its ProzessID and sender', async () => {
    const h = head('0403');
    const zip = await zipMessage(`${h.processId}_Abgabe.EmpfangBestaetigen.0403`, answerXml(h));
    const read = readMessage(zip);
    assert.deepEqual([read.type, read.processId, read.sender, read.receiver], ['0403', h.processId, 'STANDIN-DMS', 'MUSTERSTADT']);
  });
});
