import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryConfig, directoryTransport } from './directory.js';
import type { XdomeaTarget } from '../contract.js';

const target = (directory: string): XdomeaTarget => ({
  id: 't', tenantId: 'x', kind: 'dms', transport: 'directory', party: { authorityId: 'DMS', name: 'E-Akte' }, config: { directory },
});
const pkg = { processId: 'p', messageType: '0401' as const, fileName: '3f2a_Abgabe.Abgabe.0401.zip', zip: Buffer.from('PK zip') };

describe('xdomea transfer directory', () => {
  it('writes a package once per file name, even after the receiver took the first copy away', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xdomea-dir-'));
    try {
      const transport = directoryTransport({ root, maxAnswerBytes: 1024 });
      await transport.send(target('kommune/dms'), pkg);
      assert.deepEqual(readdirSync(join(root, 'kommune/dms')).filter((f) => !f.startsWith('.') && f.endsWith('.zip')), [pkg.fileName]);
      rmSync(join(root, 'kommune/dms', pkg.fileName)); // the importer took it
      await transport.send(target('kommune/dms'), pkg); // a retry after a crash
      assert.deepEqual(readdirSync(join(root, 'kommune/dms')).filter((f) => f.endsWith('.zip')), [], 'not delivered a second time');
      assert.deepEqual(readdirSync(join(root, 'kommune/dms')).filter((f) => f.endsWith('.part')), [], 'no half-written file left');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses paths outside the root, absolute paths, and symbolic links leading out', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xdomea-dir-'));
    const outside = mkdtempSync(join(tmpdir(), 'xdomea-out-'));
    try {
      for (const directory of ['../x', '/etc', 'a/../../b', '']) {
        assert.throws(() => directoryConfig({ directory }, root), (e: { field?: string }) => e.field === 'config.directory', directory);
      }
      assert.throws(() => directoryConfig({ directory: 'a' }, undefined), /nicht freigegeben/);
      symlinkSync(outside, join(root, 'link'));
      await assert.rejects(directoryTransport({ root, maxAnswerBytes: 1024 }).send(target('link'), pkg), /außerhalb/);
      assert.deepEqual(readdirSync(outside).filter((f) => f.endsWith('.zip')), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('picks up answers from antworten/, skips dot-files and odd names, leaves oversized ones unread, moves processed ones aside', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xdomea-dir-'));
    try {
      const transport = directoryTransport({ root, maxAnswerBytes: 10 });
      const inbox = join(root, 'k', 'antworten');
      mkdirSync(inbox, { recursive: true });
      writeFileSync(join(inbox, 'a_Abgabe.ImportBestaetigen.0402.zip'), 'small');
      writeFileSync(join(inbox, 'b_Abgabe.EmpfangBestaetigen.0403.zip'), 'far too large for the limit');
      writeFileSync(join(inbox, '.c.zip.part'), 'x');
      writeFileSync(join(inbox, 'notiz.txt'), 'x');
      const answers = await transport.poll(target('k'));
      assert.deepEqual(answers.map((a) => [a.fileName, a.body.toString()]).sort(), [['a_Abgabe.ImportBestaetigen.0402.zip', 'small'], ['b_Abgabe.EmpfangBestaetigen.0403.zip', '']]);
      await transport.acknowledge(target('k'), 'a_Abgabe.ImportBestaetigen.0402.zip');
      assert.deepEqual(readdirSync(join(inbox, 'verarbeitet')), ['a_Abgabe.ImportBestaetigen.0402.zip']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
