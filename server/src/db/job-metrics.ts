import client from 'prom-client';

/*
 * Prometheus metrics of the scheduled jobs this instance ran (startClusterJob). A job runs on one
 * instance of the cluster at a time, so the cluster's picture is the sum over the instances; the
 * alert "job has not succeeded for too long" looks at the newest last-success of any instance.
 */
export const jobRuns = new client.Counter({
  name: 'amtsdesk_job_runs_total',
  help: 'Läufe geplanter Aufgaben auf dieser Instanz nach Aufgabe und Ergebnis (ok, failed)',
  labelNames: ['job', 'outcome'] as const,
});

export const jobRunDuration = new client.Histogram({
  name: 'amtsdesk_job_run_duration_seconds',
  help: 'Dauer der Läufe geplanter Aufgaben auf dieser Instanz',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 1800],
});

export const jobLastSuccess = new client.Gauge({
  name: 'amtsdesk_job_last_success_timestamp_seconds',
  help: 'Zeitpunkt (Unix-Sekunden) des letzten erfolgreichen Laufs einer geplanten Aufgabe auf dieser Instanz',
  labelNames: ['job'] as const,
});
