import type pino from 'pino';
import type { AppConfig } from '../../config.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import type { Database } from '../../db/database.js';
import { startClusterJob } from '../../db/cluster-job.js';
import { intakeLimits } from '../limits.js';
import { listFitDestinationIds, loadFitDestination } from './destinations.js';
import { listSubmissionIds } from './submission-api.js';
import { receiveFitSubmission } from './receive.js';

/**
 * Polls every active destination's Submission API for new submissions. One destination's failure
 * (API down, bad key) never stops the others; errors are logged without any key material.
 */
export function startFitConnectPoller(deps: { db: Database; blobs: BlobStore; config: AppConfig; logger?: pino.Logger; intervalMs?: number }) {
  const limits = intakeLimits(deps.config);

  async function runOnce(): Promise<number> {
    let received = 0;
    for (const destinationId of await listFitDestinationIds(deps.db)) {
      try {
        const destination = await loadFitDestination(deps.db, destinationId);
        if (!destination) continue;
        for (const submissionId of await listSubmissionIds(destination, destinationId, deps.config.outbound)) {
          const result = await receiveFitSubmission({ db: deps.db, blobs: deps.blobs, publicUrl: deps.config.publicUrl, limits, outbound: deps.config.outbound }, destination, submissionId);
          if (result.status === 'created') received++;
        }
      } catch (error) {
        deps.logger?.warn({ destinationId, err: { message: (error as Error).message } }, 'FIT-Connect poll failed');
      }
    }
    return received;
  }

  // The timer's runs are leased (once per cluster, decision 0028); runOnce itself is for tests and the CLI.
  const intervalMs = deps.intervalMs ?? 60_000;
  const job = intervalMs !== 0
    ? startClusterJob({ db: deps.db, name: 'fit-connect-poller', intervalMs, firstRunMs: intervalMs, run: () => runOnce().catch(() => 0) })
    : undefined;

  return {
    runOnce,
    async stop() {
      await job?.stop();
    },
  };
}
