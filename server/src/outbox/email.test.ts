import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { loadConfig } from '../config.js';
import { withTenant } from '../db/database.js';
import { emailMessageId, mailSinkFileName } from './deliverers/email.js';
import { enqueue } from './enqueue.js';
import { startOutboxWorker } from '../main/outbox.js';

interface Received { to: string[]; raw: string }
/** Long header lines are folded onto continuation lines; join them for matching. */
const unfold = (raw: string) => raw.replace(/\r?\n[ \t]+/g, ' ');

describeEachDatabase('outbox e-mail delivery', (t) => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port: number;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-mail-'));
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@unbekannt.example')) {
          callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: unfold(Buffer.concat(chunks).toString('utf8')) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const config = (withSmtp: boolean) => {
    const base = loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMTSDESK_PUBLIC_URL: 'https://amtsdesk.musterstadt.example' });
    return withSmtp ? { ...base, smtp: { host: '127.0.0.1', port, secure: false, from: 'Stadt Musterstadt <amt@musterstadt.example>' } } : base;
  };
  const status = async (id: string) =>
    (await t.adminQuery<{ status: string; last_error: string | null }>(`select status, last_error from outbox where id = $1`, [id]))[0]!;

  it('sends through SMTP with a Message-ID derived from the idempotency key, the same on redelivery', async () => {
    const worker = startOutboxWorker({ db: t.db, config: config(true), pollMs: 3_600_000 });
    try {
      const tenant = await createTenant(t.db);
      const key = `mail:${tenant.id}:bescheid`;
      const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
        enqueue(trx, tenant.id, 'email', { to: 'anna.schmidt@example.org', subject: 'Ihr Bescheid liegt vor', text: 'Guten Tag' }, { idempotencyKey: key }),
      );
      await worker.runOnce();
      assert.equal((await status(id)).status, 'delivered');
      await t.adminQuery(`update outbox set status = 'pending' where id = $1`, [id]); // as after a crash before commit
      await worker.runOnce();
      const mails = received.filter((m) => m.raw.includes('Ihr Bescheid liegt vor'));
      assert.equal(mails.length, 2);
      const messageId = emailMessageId(key, 'https://amtsdesk.musterstadt.example');
      assert.match(messageId, /^<[0-9a-f]{40}@amtsdesk\.musterstadt\.example>$/);
      for (const mail of mails) {
        assert.deepEqual(mail.to, ['anna.schmidt@example.org']);
        assert.ok(mail.raw.includes(`Message-ID: ${messageId}`), 'receivers can deduplicate by Message-ID');
        assert.ok(mail.raw.includes('From: Stadt Musterstadt <amt@musterstadt.example>'));
      }
    } finally {
      await worker.stop();
    }
  });

  it('keeps a rejected e-mail for retry with the SMTP reply code only, never the address', async () => {
    const worker = startOutboxWorker({ db: t.db, config: config(true), pollMs: 3_600_000 });
    try {
      const tenant = await createTenant(t.db);
      const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
        enqueue(trx, tenant.id, 'email', { to: 'niemand@unbekannt.example', subject: 'Rückfrage', text: '…' }),
      );
      await worker.runOnce();
      const row = await status(id);
      assert.equal(row.status, 'pending');
      assert.equal(row.last_error, 'SMTP 550');
    } finally {
      await worker.stop();
    }
  });

  it('without SMTP writes the e-mail to the file sink in the data directory, once per idempotency key', async () => {
    const worker = startOutboxWorker({ db: t.db, config: config(false), pollMs: 3_600_000 });
    try {
      const tenant = await createTenant(t.db);
      const key = `mail:${tenant.id}:sink`;
      const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
        enqueue(trx, tenant.id, 'email', { to: 'max@example.org', subject: 'Eingangsbestätigung', text: 'Ihr Antrag ist eingegangen.' }, { idempotencyKey: key }),
      );
      await worker.runOnce();
      await t.adminQuery(`update outbox set status = 'pending' where id = $1`, [id]);
      await worker.runOnce();
      assert.equal((await status(id)).status, 'delivered');
      const dir = join(dataDir, 'mail');
      const files = readdirSync(dir).filter((f) => f === mailSinkFileName(key));
      assert.equal(files.length, 1);
      assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')));
      const raw = unfold(readFileSync(join(dir, files[0]!), 'utf8'));
      assert.ok(raw.includes('To: max@example.org'));
      assert.ok(raw.includes(`Message-ID: ${emailMessageId(key, 'https://amtsdesk.musterstadt.example')}`));
    } finally {
      await worker.stop();
    }
  });
});
