import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describeEachDatabase } from './db.js';
import { createTestApp } from './app.js';
import { startOutboxWorker } from '../src/main/outbox.js';
import { loadConfig } from '../src/config.js';
import { withTenant } from '../src/db/database.js';
import { enqueue } from '../src/outbox/enqueue.js';
import { startClusterJob } from '../src/db/cluster-job.js';
import { createTenant } from './factories.js';

const MONITORING = fileURLToPath(new URL('../../deploy/monitoring/', import.meta.url));
const SUFFIXES = /_(bucket|count|sum)$/;

/** Every amtsdesk_* metric an alert or a dashboard panel queries. */
function queriedMetrics(): Set<string> {
  const rules = parse(readFileSync(`${MONITORING}alert-rules.yaml`, 'utf8')) as { groups: Array<{ rules: Array<{ expr: string }> }> };
  const dashboard = JSON.parse(readFileSync(`${MONITORING}grafana-dashboard.json`, 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
  const exprs = [...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)), ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))];
  return new Set(exprs.flatMap((e) => e.match(/amtsdesk_[a-z0-9_]+/g) ?? []).map((m) => m.replace(SUFFIXES, '')));
}

describeEachDatabase('deploy/monitoring: alerts and dashboard query metrics that exist', (t) => {
  it('finds every queried metric in /metrics of a running instance', async (ctx) => {
    if (t.kind !== 'postgres') return ctx.skip('the pool gauge needs PostgreSQL');
    // The outbox gauges report once a worker runs; the pool gauge needs PostgreSQL.
    const worker = startOutboxWorker({ db: t.db, config: loadConfig({ AMTSDESK_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' }), pollMs: 3_600_000 });
    const { app, close } = await createTestApp(t.db);
    try {
      // One delivery attempt, so the delivery counter has a series (a webhook without subscription goes dead).
      const tenant = await createTenant(t.db);
      await withTenant(t.db, { tenantId: tenant.id }, (trx) => enqueue(trx, tenant.id, 'webhook', { webhookId: crypto.randomUUID(), eventType: 'x', body: {} }));
      await worker.runOnce();
      // One run of a scheduled job, so the job metrics have a series.
      let ran = false;
      const job = startClusterJob({ db: t.db, name: 'monitoring-test', intervalMs: 60_000, firstRunMs: 1, run: async () => { ran = true; } });
      for (let i = 0; i < 100 && !ran; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      await job.stop();
      await app.inject({ method: 'POST', url: '/api/intake/applications', payload: {} });
      const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      const exposed = new Set((body.match(/^amtsdesk_[a-z0-9_]+/gm) ?? []).map((m) => m.replace(SUFFIXES, '')));
      const missing = [...queriedMetrics()].filter((m) => !exposed.has(m));
      assert.deepEqual(missing, []);
      assert.ok(queriedMetrics().size >= 6);
    } finally {
      await worker.stop();
      await close();
    }
  });
});
