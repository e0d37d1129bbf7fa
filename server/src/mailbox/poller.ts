import type { Logger } from 'pino';
import { pollPostfachGateways } from './postfach/polling.js';
import { pollExternalMailboxes, type UpdateDeps } from './updates.js';
import { startClusterJob, type ClusterJob } from '../db/cluster-job.js';

/** Polls every intervalMs until stopped (started with the server next to the outbox worker). */
export function startMailboxPoller(deps: UpdateDeps & { logger?: Logger; intervalMs?: number }): ClusterJob {
  return startClusterJob({
    db: deps.db,
    name: 'mailbox-poller',
    intervalMs: deps.intervalMs ?? 60_000,
    firstRunMs: deps.intervalMs ?? 60_000,
    run: () => pollExternalMailboxes(deps, deps.logger).catch(() => 0).then(() => pollPostfachGateways(deps, deps.logger)).catch(() => 0),
  });
}
