import client from 'prom-client';
import { sql } from 'kysely';
import { withPlatform, type Database } from '../db/database.js';

/** Outbox metrics in prom-client's default registry (exposed at /metrics by the ops module). */
export const outboxDeliveries = new client.Counter({
  name: 'amtsdesk_outbox_deliveries_total',
  help: 'Zustellversuche aus dem Outbox nach Art und Ergebnis (delivered, failed, dead, deferred).',
  labelNames: ['kind', 'result'] as const,
});

let countSource: Database | null = null;

/** The database whose open messages the gauge reports; set by the running worker. */
export function setOutboxMetricsSource(db: Database | null): void {
  countSource = db;
}
export function outboxMetricsSource(): Database | null {
  return countSource;
}

export const outboxMessages = new client.Gauge({
  name: 'amtsdesk_outbox_messages',
  help: 'Offene (pending) und unzustellbare (dead) Outbox-Nachrichten aller Mandanten nach Art.',
  labelNames: ['kind', 'status'] as const,
  async collect() {
    const db = countSource;
    if (!db) return;
    try {
      const rows = await withPlatform(db, async (trx) =>
        (await sql<{ kind: string; status: string; n: string }>`select * from outbox_counts()`.execute(trx)).rows,
      );
      this.reset();
      for (const kind of ['webhook', 'domain_event', 'email']) {
        for (const status of ['pending', 'dead']) this.set({ kind, status }, 0);
      }
      for (const row of rows) this.set({ kind: row.kind, status: row.status }, Number(row.n));
    } catch {
      // Database unavailable while scraping: keep the last values rather than failing /metrics.
    }
  },
});

export const outboxLag = new client.Gauge({
  name: 'amtsdesk_outbox_lag_seconds',
  help: 'Wie lange die älteste fällige Outbox-Nachricht je Art schon wartet (0: nichts fällig).',
  labelNames: ['kind'] as const,
  async collect() {
    const db = countSource;
    if (!db) return;
    try {
      const rows = await withPlatform(db, async (trx) =>
        (await sql<{ kind: string; oldest_due_seconds: number }>`select * from outbox_lag()`.execute(trx)).rows,
      );
      this.reset();
      for (const kind of ['webhook', 'domain_event', 'email']) this.set({ kind }, 0);
      for (const row of rows) this.set({ kind: row.kind }, Math.max(0, Number(row.oldest_due_seconds)));
    } catch {
      // Database unavailable while scraping: keep the last values rather than failing /metrics.
    }
  },
});
