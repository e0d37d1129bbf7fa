import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCase } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { cliConfig, openCliDatabase } from './context.js';
import type { Output } from './output.js';
import { runCli } from './run.js';

function capture(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (line) => out.push(line), error: (line) => err.push(line) };
}

describe('amtsdesk retention due (embedded database, clock set for a drill)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-cli-retention-'));
  const env = { AMTSDESK_DATA_DIR: dataDir };
  let closedNumber = '';
  let openNumber = '';
  let slug = '';
  let tenantId = '';

  before(async () => {
    const db = await openCliDatabase(cliConfig(env));
    try {
      const closed = await createCase(db);
      const open = await createCase(db, { tenant: closed.tenant, serviceId: closed.serviceId });
      slug = closed.tenant.slug;
      tenantId = closed.tenant.id;
      // Closed by any write path: the database records when (closed_at), which starts the period.
      await withTenant(db, { tenantId: closed.tenant.id }, (trx) => trx.updateTable('cases').set({ status: 'closed' }).where('id', '=', closed.id).execute());
      closedNumber = closed.caseNumber;
      openNumber = open.caseNumber;
    } finally {
      await db.close();
    }
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the closed case once its (built-in, ten-year) period has run out, and only then', async () => {
    const later = capture();
    const inElevenYears = new Date(Date.now() + 11 * 366 * 86_400_000).toISOString().slice(0, 10);
    assert.equal(await runCli(['retention', 'due', '--tenant', slug, '--as-of', inElevenYears], later, env), 0, later.err.join('\n'));
    const text = later.out.join('\n');
    assert.match(text, new RegExp(`${slug}: 1 Vorgänge \\(A 0, B 1, V 0; gesperrt 0\\)`));
    assert.ok(text.includes(closedNumber), text);
    assert.ok(!text.includes(openNumber), 'an open case is never due');

    const now = capture();
    assert.equal(await runCli(['retention', 'due', '--tenant', slug], now, env), 0);
    assert.match(now.out.join('\n'), new RegExp(`${slug}: 0 Vorgänge`));
  });

  it('retention run --as-of proposes a destruction list with the due case, once; the B case waits for the archive', async () => {
    const inElevenYears = new Date(Date.now() + 11 * 366 * 86_400_000).toISOString().slice(0, 10);
    const today = capture();
    assert.equal(await runCli(['retention', 'run', '--tenant', slug], today, env), 0, today.err.join('\n'));
    assert.match(today.out.join('\n'), new RegExp(`${slug}: keine neue Liste`));

    const drill = capture();
    assert.equal(await runCli(['retention', 'run', '--tenant', slug, '--as-of', inElevenYears], drill, env), 0, drill.err.join('\n'));
    assert.match(drill.out.join('\n'), new RegExp(`${slug}: Aussonderungsliste 1 vorgeschlagen, 1 Vorgänge \\(davon 1 warten auf das Archivangebot\\)`));
    const db = await openCliDatabase(cliConfig(env));
    try {
      const entries = await withTenant(db, { tenantId }, (trx) => trx.selectFrom('destruction_list_entries').select(['case_number', 'archive']).execute());
      assert.deepEqual(entries, [{ case_number: closedNumber, archive: 'awaiting' }]);
    } finally {
      await db.close();
    }
    const again = capture();
    assert.equal(await runCli(['retention', 'run', '--tenant', slug, '--as-of', inElevenYears], again, env), 0);
    assert.match(again.out.join('\n'), /keine neue Liste/, 'the list is still in review');
  });

  it('refuses an impossible date with exit code 2 and a German message', async () => {
    const output = capture();
    assert.equal(await runCli(['retention', 'due', '--as-of', '2031-02-30'], output, env), 2);
    assert.match(output.err.join('\n'), /--as-of/);
  });
});
