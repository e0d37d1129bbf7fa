import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db.js';
import { FsBlobStore } from '../blobs/fs-blob-store.js';
import { PDF, intakeWorld, multipart, ozgDocument } from '../../test/intake-kit.js';

const BIN = fileURLToPath(new URL('../../bin/amtsdesk.mjs', import.meta.url));
const TOTAL = 120;

async function startServer(url: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, DATABASE_ADMIN_URL: url, AMTSDESK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', AMTSDESK_DEMO: '0' };
  delete env.AMTSDESK_PUBLIC_URL;
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /Amtsdesk läuft: (http:\/\/\S+)/.exec(out)?.[1];
      if (found) {
        clearInterval(timer);
        resolve({ child, url: found });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

const request = (i: number) => {
  const doc = ozgDocument({ transactionId: `crash-${i}` });
  // Every submission carries its own attachment content, so blobs cannot be shared between them.
  return multipart([{ name: 'formData', data: JSON.stringify(doc) }, { name: 'attachment', filename: `Nachweis-${i}.pdf`, data: Buffer.concat([PDF, Buffer.from(`Nr. ${i}`), Buffer.alloc(50_000, i % 256)]) }]);
};

describe('intake: SIGKILL during a burst of submissions [postgres]', { skip: !databaseKinds().includes('postgres'), timeout: 180_000 }, () => {
  let t: TestDatabase;
  let dataDir: string;
  let child: ChildProcess | null = null;
  before(async () => {
    t = await createTestDatabase('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-crash-'));
  });
  after(async () => {
    child?.kill('SIGKILL');
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every submission answered 2xx exists exactly once with its attachment; nothing is half-stored; retries complete the rest', async () => {
    const w = await intakeWorld(t, { ags: '01009001' });
    const first = await startServer(t.url!, dataDir);
    child = first.child;
    const send = async (base: string, i: number) => {
      const body = request(i);
      const res = await fetch(`${base}/antrag`, { method: 'POST', headers: { ...w.headers, ...body.headers }, body: new Uint8Array(body.payload) });
      await res.text();
      return res.status;
    };
    const answered = new Set<number>();
    let next = 0;
    const workers = Array.from({ length: 8 }, async () => {
      while (next < TOTAL) {
        const i = next++;
        try {
          const status = await send(first.url, i);
          if (status >= 200 && status < 300) answered.add(i);
          if (answered.size === 30) first.child.kill('SIGKILL');
        } catch {
          // connection lost: the sender will retry
        }
      }
    });
    await Promise.all(workers);
    assert.ok(answered.size >= 30 && answered.size < TOTAL, `killed mid-burst (${answered.size} answered)`);

    const blobs = new FsBlobStore(join(dataDir, 'blobs'), 1e9);
    const check = async () => {
      const rows = await t.adminQuery<{ transaction_id: string; n: number; sha: string[] }>(
        `select c.transaction_id, count(a.id)::int as n, array_remove(array_agg(a.sha256), null) as sha from cases c left join attachments a on a.case_id = c.id
         where c.tenant_id = $1 group by c.id, c.transaction_id`,
        [w.tenant.id],
      );
      for (const r of rows) {
        assert.equal(r.n, 1, `${r.transaction_id} has all its attachments`);
        assert.ok(await blobs.has(r.sha[0]!), `${r.transaction_id}: the attachment's file exists`);
      }
      return new Map(rows.map((r) => [r.transaction_id, r]));
    };
    const afterCrash = await check();
    for (const i of answered) assert.ok(afterCrash.has(`crash-${i}`), `answered submission crash-${i} survived`);
    assert.equal(afterCrash.size, new Set(afterCrash.keys()).size);

    const second = await startServer(t.url!, dataDir);
    child = second.child;
    for (let i = 0; i < TOTAL; i++) {
      if (!answered.has(i)) assert.ok([200, 201].includes(await send(second.url, i)));
    }
    const final = await check();
    assert.equal(final.size, TOTAL, 'each submission exactly once');
    second.child.kill('SIGTERM');
  });
});
