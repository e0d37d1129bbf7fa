import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_OUTBOUND_ALLOW } from './app.js';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The outbox worker as its own process (server/src/main/outbox-worker.ts), the way the crash tests
 * SIGKILL it: on a PostgreSQL both processes open, silent, with short leases and polls. `env` adds
 * or overrides settings (backoff, breaker); the caller keeps the child to kill it and to clean up.
 */
export function startOutboxWorkerProcess(options: { databaseUrl: string; dataDir: string; env?: Record<string, string> }): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(serverDir, 'src/main/outbox-worker.ts')], {
    cwd: serverDir,
    env: {
      ...process.env, DATABASE_URL: options.databaseUrl, AMTSDESK_DATA_DIR: options.dataDir, LOG_LEVEL: 'silent',
      OUTBOX_LEASE_SECONDS: '2', OUTBOX_POLL_MS: '100', AMTSDESK_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Resolves when the process has ended (at once if it already has). */
export const processExited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
