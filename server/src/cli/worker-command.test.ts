import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAmtsdesk } from '../../test/cli.js';

// The embedded database belongs to one process: a separate worker cannot share it, and a web
// server that leaves its jobs to workers would leave them to nobody. Both say so instead of starting.
it('a worker, or a web server without jobs, on the embedded database is refused with a clear message', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-worker-'));
  try {
    const worker = await runAmtsdesk(['worker'], { DATABASE_URL: '', AMTSDESK_DATA_DIR: dataDir });
    assert.equal(worker.code, 2, worker.stderr);
    assert.match(worker.stderr, /eigener Worker-Prozess braucht einen PostgreSQL-Server \(DATABASE_URL\)/);
    const web = await runAmtsdesk(['start'], { DATABASE_URL: '', AMTSDESK_DATA_DIR: dataDir, AMTSDESK_JOBS: 'worker' });
    assert.equal(web.code, 2, web.stderr);
    assert.match(web.stderr, /AMTSDESK_JOBS=worker braucht einen PostgreSQL-Server/);
    const wrong = await runAmtsdesk(['start'], { DATABASE_URL: '', AMTSDESK_DATA_DIR: dataDir, AMTSDESK_JOBS: 'beides' });
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /AMTSDESK_JOBS muss „inline“ oder „worker“ sein/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
