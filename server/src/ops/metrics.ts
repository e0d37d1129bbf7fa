import client from 'prom-client';
import type { PoolStats } from '../db/database.js';

/**
 * Prometheus metrics in prom-client's default registry. Registered once per process: several app
 * instances (tests, workers) share the same collectors.
 */
let httpDuration: client.Histogram<'method' | 'route' | 'status_code'> | undefined;

export function httpRequestDuration(): client.Histogram<'method' | 'route' | 'status_code'> {
  if (!httpDuration) {
    client.collectDefaultMetrics({ prefix: 'amtsdesk_' });
    httpDuration = new client.Histogram({
      name: 'amtsdesk_http_request_duration_seconds',
      help: 'Dauer der HTTP-Anfragen nach Methode, Routen-Vorlage und Status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }
  return httpDuration;
}

export function metricsText(): Promise<string> {
  return client.register.metrics();
}

export const METRICS_CONTENT_TYPE = client.register.contentType;

let poolSource: (() => PoolStats | undefined) | undefined;

/**
 * Database pool saturation of this instance: connections in use against the pool's maximum, and
 * queries waiting for one (above zero the pool, not the database, is the bottleneck).
 */
const dbPool = new client.Gauge({
  name: 'amtsdesk_db_pool_connections',
  help: 'Verbindungen des Datenbank-Pools dieser Instanz: max, in_use, idle, waiting (wartende Anfragen)',
  labelNames: ['state'] as const,
  collect() {
    const stats = poolSource?.();
    if (!stats) return;
    this.set({ state: 'max' }, stats.max);
    this.set({ state: 'in_use' }, stats.total - stats.idle);
    this.set({ state: 'idle' }, stats.idle);
    this.set({ state: 'waiting' }, stats.waiting);
  },
});

/** The pool /metrics reports (PostgreSQL; the embedded database has no pool). */
export function reportDatabasePool(stats: () => PoolStats | undefined): void {
  poolSource = stats;
  dbPool.reset();
}
