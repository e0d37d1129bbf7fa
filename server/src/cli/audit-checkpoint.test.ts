import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db.js';
import { createCase, createTenant, type TestTenant } from '../../test/factories.js';
import { readEvents, rewriteEvent, swapEvents, truncateChain } from '../../test/chain-tamper.js';
import { runAmtsdesk } from '../../test/cli.js';
import { startWebhookReceiver } from '../../test/webhook-receiver.js';
import { verifyingKeyFrom } from '../events/checkpoint-key.js';
import { verifyCheckpoint, type CheckpointStatement } from '../events/checkpoint-statement.js';

const DAY_MS = 24 * 60 * 60 * 1000;
// One tenant per kind of tampering, plus one nobody touches.
const SLUGS = ['gekuerzt', 'zurueckdatiert', 'umgeschrieben', 'ersetzt', 'vertauscht', 'unberuehrt'] as const;

for (const kind of databaseKinds()) {
  describe(`audit checkpoint and audit verify as child processes [${kind}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-checkpoints-'));
    const dataDir = join(dir, 'data');
    const publishFile = join(dir, 'veroeffentlicht', 'pruefpunkte.jsonl');
    const keyFile = join(dir, 'schluessel', 'audit.pem');
    const tenants = {} as Record<(typeof SLUGS)[number], TestTenant>;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
    let postgres: TestDatabase | undefined;
    let env: Record<string, string>;

    /** The database owner's session. The embedded database is closed again before the CLI opens it. */
    async function asOwner<T>(fn: (t: TestDatabase) => Promise<T>): Promise<T> {
      if (postgres) return fn(postgres);
      const t = await createTestDatabase('pglite', { pgliteDir: join(dataDir, 'pgdata') });
      try {
        return await fn(t);
      } finally {
        await t.close();
      }
    }

    before(async () => {
      receiver = await startWebhookReceiver();
      if (kind === 'postgres') postgres = await createTestDatabase('postgres');
      env = {
        DATABASE_URL: postgres?.url ?? '',
        AMTSDESK_DATA_DIR: dataDir,
        AMTSDESK_PUBLIC_URL: 'https://amtsdesk.example',
        AMTSDESK_AUDIT_PUBLISH_FILE: publishFile,
        AMTSDESK_AUDIT_PUBLISH_URL: receiver.url,
        // PostgreSQL needs the key location (several instances share it); the embedded default keeps it in the data dir.
        ...(postgres ? { AMTSDESK_AUDIT_KEY_FILE: keyFile } : {}),
      };
      await asOwner(async (t) => {
        for (const slug of SLUGS) {
          tenants[slug] = await createTenant(t.db, { slug });
          await createCase(t.db, { tenant: tenants[slug] });
          await createCase(t.db, { tenant: tenants[slug] });
        }
      });
    });
    after(async () => {
      await receiver?.close();
      await postgres?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('signs one checkpoint per tenant, publishes it to the file and the URL, exports it, and an untampered history verifies', async () => {
      const run = await runAmtsdesk(['audit', 'checkpoint', '--export', join(dir, 'export.json')], env);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /Prüfpunkte signiert: 6 neu \(Schlüssel sha256:[0-9a-f]{64}\)/);
      const fingerprint = /sha256:[0-9a-f]{64}/.exec(run.stdout)![0];
      const usedKeyFile = postgres ? keyFile : join(dataDir, 'audit-signing-key.pem');
      assert.equal(statSync(usedKeyFile).mode & 0o777, 0o600, 'the private key is readable by its owner only');

      const exported = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8')) as {
        format: string; key: { fingerprint: string; publicKeyPem: string }; checkpoints: CheckpointStatement[];
      };
      assert.equal(exported.format, 'amtsdesk.audit-checkpoints.v1');
      assert.equal(exported.key.fingerprint, fingerprint);
      const publicKey = verifyingKeyFrom(createPublicKey(exported.key.publicKeyPem));
      assert.deepEqual(exported.checkpoints.map((c) => verifyCheckpoint(c, publicKey)), SLUGS.map(() => 'valid'));
      assert.deepEqual(new Set(exported.checkpoints.map((c) => c.tenantId)), new Set(SLUGS.map((s) => tenants[s].id)));

      const lines = readFileSync(publishFile, 'utf8').trim().split('\n');
      assert.equal(lines.length, 6);
      assert.deepEqual(lines.map((l) => (JSON.parse(l) as CheckpointStatement).id).sort(), exported.checkpoints.map((c) => c.id).sort());
      assert.equal(receiver.requests.length, 1);
      const posted = JSON.parse(receiver.requests[0]!.body) as { format: string; checkpoints: CheckpointStatement[] };
      assert.deepEqual(posted.checkpoints.map((c) => c.id).sort(), exported.checkpoints.map((c) => c.id).sort());

      // Nothing moved: a second run signs nothing and publishes nothing twice.
      const again = await runAmtsdesk(['audit', 'checkpoint'], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /Prüfpunkte signiert: 0 neu/);
      assert.equal(readFileSync(publishFile, 'utf8').trim().split('\n').length, 6);

      const verify = await runAmtsdesk(['audit', 'verify', '--checkpoints', publishFile], env);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      for (const slug of SLUGS) assert.match(verify.stdout, new RegExp(`OK\\s+${slug}: \\d+ Ereignisse, Kette unversehrt, bestätigt durch Prüfpunkt vom`));
    });

    it('names the shortened tail, the backdated event, the rewritten event and the swapped events', async () => {
      const expected = await asOwner(async (t) => {
        const id = (slug: (typeof SLUGS)[number]) => tenants[slug].id;
        // The owner deletes the last two events and the tenant's checkpoints in the database too.
        const truncated = await truncateChain(t, id('gekuerzt'), 2);
        await t.adminQuery('delete from audit_checkpoints where tenant_id = $1', [id('gekuerzt')]);
        // Backdates an event by two days and re-hashes the chain from there: consistent in itself.
        const timeEvents = await readEvents(t, id('zurueckdatiert'));
        const backdated = await rewriteEvent(t, id('zurueckdatiert'), timeEvents[timeEvents.length - 2]!.seq, (e) => {
          e.occurred_at = new Date(e.occurred_at.getTime() - 2 * DAY_MS);
        }, { throughHead: true });
        // Changes an event's data and re-hashes that event only.
        const contentEvents = await readEvents(t, id('umgeschrieben'));
        const rewritten = await rewriteEvent(t, id('umgeschrieben'), contentEvents[1]!.seq, (e) => {
          e.data = { ...e.data, manipuliert: true };
        }, { throughHead: false });
        // Changes an event's data and re-hashes everything after it: only the checkpoint can tell.
        const replacedEvents = await readEvents(t, id('ersetzt'));
        await rewriteEvent(t, id('ersetzt'), replacedEvents[1]!.seq, (e) => {
          e.data = { ...e.data, manipuliert: true };
        }, { throughHead: true });
        const swapped = (await readEvents(t, id('vertauscht'))).slice(-2);
        await swapEvents(t, id('vertauscht'), swapped[0]!.seq, swapped[1]!.seq);
        return { truncated, backdated, rewritten, replacedHead: replacedEvents[replacedEvents.length - 1]!, swapped };
      });

      // The database alone no longer holds the evidence for the shortened chain …
      const databaseOnly = await runAmtsdesk(['audit', 'verify', '--tenant', 'gekuerzt'], env);
      assert.equal(databaseOnly.code, 0, databaseOnly.stdout);
      assert.match(databaseOnly.stdout, /OK\s+gekuerzt: .*kein Prüfpunkt/);

      // … the published file does.
      const res = await runAmtsdesk(['audit', 'verify', '--checkpoints', publishFile], env);
      assert.equal(res.code, 1, res.stdout + res.stderr);
      const out = res.stdout;
      const { kept } = expected.truncated;
      assert.match(out, /FEHLER\s+gekuerzt:/);
      assert.match(out, new RegExp(`seq ${kept + 1}\\s+Ereignis -\\s+truncated: Kette gekürzt: sie endet bei seq ${kept}, der signierte Prüfpunkt vom .+ bestätigt seq ${kept + 2} – Ereignisse seq ${kept + 1} bis ${kept + 2} fehlen`));

      assert.match(out, /FEHLER\s+zurueckdatiert:/);
      assert.match(out, new RegExp(`seq ${expected.backdated.seq}\\s+Ereignis ${expected.backdated.id}\\s+timestamp_order: Zeitstempel verändert`));
      assert.match(out, /checkpoint_mismatch: passt nicht zum signierten Prüfpunkt/);

      assert.match(out, /FEHLER\s+umgeschrieben: 1 Problem\(e\)/);
      assert.match(out, new RegExp(`seq ${expected.rewritten.seq}\\s+Ereignis ${expected.rewritten.id}\\s+rewritten: Inhalt verändert und Hash neu berechnet`));

      assert.match(out, /FEHLER\s+ersetzt:/);
      assert.match(out, new RegExp(`seq ${expected.replacedHead.seq}\\s+Ereignis ${expected.replacedHead.id}\\s+checkpoint_mismatch: .*von seq 1 bis seq ${expected.replacedHead.seq}`));

      const [first, second] = expected.swapped;
      assert.match(out, /FEHLER\s+vertauscht:/);
      assert.match(out, new RegExp(`seq ${first!.seq}\\s+Ereignis ${second!.id}\\s+reordered: Reihenfolge verändert \\(das Ereignis verweist auf seq ${second!.seq}`));
      assert.match(out, new RegExp(`seq ${second!.seq}\\s+Ereignis ${first!.id}\\s+reordered: Reihenfolge verändert`));

      assert.match(out, /OK\s+unberuehrt: .*bestätigt durch Prüfpunkt/);
      assert.match(res.stderr, /Prüfung fehlgeschlagen: 5 Befund\(e\)/);

      // The installation does not certify a rewritten history: no new checkpoint for the shortened chain.
      const checkpoint = await runAmtsdesk(['audit', 'checkpoint'], env);
      assert.equal(checkpoint.code, 1, checkpoint.stdout + checkpoint.stderr);
      assert.match(checkpoint.stdout, /FEHLER\s+zurueckdatiert: Die Kette enthält ihren letzten Prüfpunkt nicht mehr/);
    });

    it('refuses checkpoints whose signed content was changed, in the published file and in the database', async () => {
      const lines = readFileSync(publishFile, 'utf8').trim().split('\n');
      const index = lines.findIndex((l) => (JSON.parse(l) as CheckpointStatement).tenantId === tenants.unberuehrt.id);
      const original = JSON.parse(lines[index]!) as CheckpointStatement;
      lines[index] = JSON.stringify({ ...original, seq: original.seq - 1 });
      const forged = join(dir, 'gefaelscht.jsonl');
      writeFileSync(forged, `${lines.join('\n')}\n`);
      await asOwner((t) =>
        t.adminQuery(`update audit_checkpoints set statement = replace(statement, '"hash":"', '"hash":"0') where tenant_id = $1`, [tenants.unberuehrt.id]),
      );

      const res = await runAmtsdesk(['audit', 'verify', '--tenant', 'unberuehrt', '--checkpoints', forged], env);
      assert.equal(res.code, 1, res.stdout + res.stderr);
      assert.match(res.stdout, /FEHLER\s+unberuehrt: 2 Problem\(e\)/);
      assert.match(res.stdout, new RegExp(`Prüfpunkt ${original.id} \\(gefaelscht.jsonl, Zeile ${index + 1}\\)\\s+bad_signature: Signatur ungültig`));
      assert.match(res.stdout, new RegExp(`Prüfpunkt ${original.id} \\(Datenbank, Prüfpunkt ${original.id}\\)\\s+bad_signature: Signatur ungültig`));
    });
  });
}
