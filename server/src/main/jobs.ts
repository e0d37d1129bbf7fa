import type { Logger } from 'pino';
import type { BlobStore } from '../blobs/blob-store.js';
import { blobGcSettings, startBlobGc } from '../blobs/gc.js';
import { startCounterFold } from '../cases/counter-fold.js';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { loadSigningKey } from '../events/checkpoint-key.js';
import { startCheckpointJob } from '../events/checkpoint-job.js';
import { startFitConnectPoller } from '../intake/fit-connect/poller.js';
import { startMailboxPoller } from '../mailbox/poller.js';
import { startAccessLogPrune } from '../records/access-log.js';
import { startPurgeWorker } from '../records/purge/worker.js';
import { startDestructionListJob } from '../records/destruction/propose.js';
import { startTenantUsageJob } from '../platform/usage-job.js';
import { startOutboxWorker } from './outbox.js';
import { startAnswerPolling } from '../xdomea/poller.js';
import { startDeadlineNoticeJob } from '../deadlines/notices.js';
import { createTransports } from '../xdomea/transport/index.js';
import { createXdomeaMessages } from '../xdomea/messages/index.js';

export interface BackgroundJobs {
  /** Stops every job in order: pollers first, then housekeeping, the outbox worker last. */
  stop(): Promise<void>;
}

/** Everything that runs in the server process beside the HTTP API (`amtsdesk start`). */
export function startBackgroundJobs(deps: { db: Database; config: AppConfig; blobs: BlobStore; logger: Logger }): BackgroundJobs {
  const { db, config, blobs, logger } = deps;
  const worker = startOutboxWorker({ db, config, logger });
  // Pulls FIT-Connect submissions for every destination a municipality has registered.
  const fitConnect = startFitConnectPoller({ db, blobs, config, logger });
  // Fetches replies from the external mailbox services municipalities have configured.
  const mailboxPoller = startMailboxPoller({ db, blobs, config, logger, intervalMs: Number(process.env.MAILBOX_POLL_MS ?? 60_000) });
  // Deletes files of rejected or interrupted uploads once past the grace period (hourly).
  const blobGc = startBlobGc({ db, blobs, logger, ...blobGcSettings() });
  // Moves the status counters' deltas into their totals every few seconds (decision 0014).
  const counterFold = startCounterFold({ db, logger });
  // Signs the chain heads periodically (and publishes them) so a shortened history is detectable.
  const checkpointKey = loadSigningKey(config, { create: true });
  if (!checkpointKey) logger.warn('audit checkpoints off: set AMTSDESK_AUDIT_KEY_FILE (shared by all instances)');
  // Deletes access-log entries past their own retention (daily) and flushes the log on shutdown.
  const accessLogPrune = startAccessLogPrune({ db, months: config.accessLogMonths, logger });
  // Proposes destruction lists of cases whose retention ran out (daily by default).
  const destructionLists = startDestructionListJob({ db, intervalMs: config.destructionListHours * 3_600_000, logger });
  // Performs the purge orders of approved destruction lists, resuming interrupted ones (docs/records.md).
  const purgeWorker = startPurgeWorker({ db, blobs, dataDir: config.dataDir, logger, intervalMs: config.purgeIntervalSeconds * 1000 });
  // Measures each tenant's storage for the operator console (hourly, one grouped pass).
  const tenantUsage = startTenantUsageJob({ db, logger });
  // Fetches xdomea answers from transfer directories and polled receivers (docs/xdomea.md).
  const xdomeaAnswers = startAnswerPolling({ db, builders: createXdomeaMessages({ blobs }), logger }, createTransports(config), config.xdomea.pollSeconds);
  // Tells assignees and their deputies before and at a case's due day (docs/collaboration.md, Fristen).
  const deadlineNotices = startDeadlineNoticeJob({ db, intervalMs: config.deadlineNoticeMinutes * 60_000, logger });
  const checkpoints = checkpointKey ? startCheckpointJob({ db, config, key: checkpointKey, logger }) : undefined;
  return {
    async stop() {
      await fitConnect.stop();
      await mailboxPoller.stop();
      await xdomeaAnswers.stop();
      await blobGc.stop();
      await destructionLists.stop();
      await purgeWorker.stop();
      await counterFold.stop();
      await checkpoints?.stop();
      await accessLogPrune.stop();
      await tenantUsage.stop();
      await deadlineNotices.stop();
      await worker.stop();
    },
  };
}
