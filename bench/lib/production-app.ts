/**
 * `amtsdesk start` as its own process, exactly as a data centre runs it (issue 19): AMTSDESK_MODE=
 * production, logger at info, outbox worker, pollers and scheduled jobs running, the default pools.
 * Its log goes to a file in its data directory, never to the benchmark's output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres-server.mjs';

const root = join(import.meta.dirname, '../..');

export interface ProductionApp {
  url: string;
  pid: number;
  dataDir: string;
  /** Resident memory of the app process in MiB (from /proc). */
  rssMiB(): number;
  stop(): void;
}

export async function startProductionApp(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<ProductionApp> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-bench-app-'));
  const appLog = createWriteStream(join(dataDir, 'app.log'));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'server/bin/amtsdesk.mjs'), 'start'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', AMTSDESK_MODE: 'production', LOG_LEVEL: 'info',
      AMTSDESK_DATA_DIR: dataDir, AMTSDESK_DEMO: '0', AMTSDESK_PUBLIC_URL: `http://127.0.0.1:${port}`, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      appLog.write(chunk);
      seen += chunk.toString();
      if (seen.includes('Beenden mit Strg+C.')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => appLog.write(chunk));
    child.once('exit', (code) => reject(new Error(`amtsdesk start ended (${code}); see ${join(dataDir, 'app.log')}`)));
  });
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    dataDir,
    rssMiB() {
      const line = readFileSync(`/proc/${child.pid}/status`, 'latin1').split('\n').find((l) => l.startsWith('VmRSS:'));
      return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL settings of the recorded runs: the server's default durability, memory for a 24 GiB machine. */
export const DURABLE = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', shared_buffers: '1GB', max_wal_size: '4GB', max_connections: '200' } as const;
