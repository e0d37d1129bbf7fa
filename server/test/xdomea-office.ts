import assert from 'node:assert/strict';
import type { TestApp } from './app.js';
import { call } from './case-kit.js';
import type { TestDatabase } from './db.js';
import { recordsOffice } from './destruction-kit.js';
import { OUTBOX_DEFAULTS, startOutboxWorkerWith } from '../src/outbox/worker.js';
import { createDeliverers } from '../src/main/outbox.js';
import { pollAnswers } from '../src/xdomea/poller.js';
import { createTransports } from '../src/xdomea/transport/index.js';
import { OWN_AUTHORITY, type TestBuilders } from './xdomea-process-kit.js';

/** recordsOffice (destruction-kit) plus the tenant's xdomea identity. */
export async function xdomeaOffice(t: TestDatabase, h: TestApp) {
  const o = await recordsOffice(t, h);
  const settings = await call(h.app, 'PUT', '/api/xdomea/settings', o.admin, { authorityId: OWN_AUTHORITY, authorityName: 'Stadt Musterstadt – Bürgeramt', leadHandoverReadOnly: true });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  return o;
}

export async function addTarget(h: TestApp, admin: Record<string, string>, body: Record<string, unknown>): Promise<string> {
  const res = await call(h.app, 'POST', '/api/xdomea/targets', admin, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

/** One outbox round and one answer poll, as the server's background jobs would do them. */
export function exchange(t: TestDatabase, h: TestApp, builders: TestBuilders) {
  const worker = startOutboxWorkerWith(createDeliverers(h.config, builders), { db: t.db, config: { ...h.config, outbox: { backoffBaseMs: 1, backoffMaxMs: 5 } }, pollMs: 3_600_000 });
  const transports = createTransports(h.config);
  return {
    // Rounds until a round claims less than a full batch (the cases' own outbox messages come first).
    async send() {
      for (let i = 0; i < 50 && (await worker.runOnce()) >= OUTBOX_DEFAULTS.batchSize; i++);
    },
    poll: () => pollAnswers({ db: t.db, builders }, transports),
    stop: () => worker.stop(),
  };
}
