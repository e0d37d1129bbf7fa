import client from 'prom-client';

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
