import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClamdScanner, type ClamdAddress } from '../src/scanning/clamd.js';

/**
 * A real clamd for the tests (Debian package clamav-daemon): own clamd.conf in a temp directory,
 * the shipped test signatures (server/test/clamav), a TCP port and a unix socket, foreground, no
 * freshclam. Without the binary the tests fail in CI and are skipped elsewhere, as the runner does
 * for a missing PostgreSQL.
 */

/** The EICAR test file, assembled at run time so this source file itself does not trip scanners. */
export const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'latin1');

/** clamd appends .UNOFFICIAL to names from databases that are not ClamAV's own. */
export const TEST_SIGNATURE = 'Amtsdesk.Test.EICAR.UNOFFICIAL';

const SIGNATURES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'clamav');

export interface ClamdFixture {
  tcp: ClamdAddress;
  unix: ClamdAddress;
  /** AMTSDESK_CLAMD value for the TCP socket. */
  url: string;
  stop(): Promise<void>;
}

export function findClamd(): string | null {
  const candidates = [process.env.CLAMD_BIN, '/usr/sbin/clamd', '/usr/bin/clamd', '/usr/local/sbin/clamd'].filter(Boolean) as string[];
  return candidates.find((path) => existsSync(path)) ?? null;
}

/**
 * Why clamd tests can't run here, or null when they can. In CI a missing clamd is an error (the
 * tests would silently prove nothing); on a developer machine it skips them with this reason.
 */
export function clamdSkipReason(): string | false {
  if (findClamd()) return false;
  const message = 'clamd not found (install the Debian package clamav-daemon, or set CLAMD_BIN)';
  if (process.env.CI) throw new Error(message);
  return message;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startClamd(): Promise<ClamdFixture> {
  const bin = findClamd();
  if (!bin) throw new Error('clamd not found (install the Debian package clamav-daemon)');
  const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-clamd-'));
  const port = await freePort();
  const socketPath = join(dir, 'clamd.sock');
  writeFileSync(join(dir, 'clamd.conf'), [
    'Foreground yes',
    `DatabaseDirectory ${SIGNATURES_DIR}`,
    `TCPSocket ${port}`,
    'TCPAddr 127.0.0.1',
    `LocalSocket ${socketPath}`,
    `PidFile ${join(dir, 'clamd.pid')}`,
    `LogFile ${join(dir, 'clamd.log')}`,
    'Bytecode no',
    // Above the intake's largest attachment, so the tests see verdicts, not size errors.
    'StreamMaxLength 100M',
    // No User line: clamd keeps the identity of whoever runs the tests (root included, checked).
    '',
  ].join('\n'));
  const child = spawn(bin, ['-c', join(dir, 'clamd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const tcp: ClamdAddress = { kind: 'tcp', host: '127.0.0.1', port };
  const unix: ClamdAddress = { kind: 'unix', path: socketPath };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  const probe = new ClamdScanner({ address: tcp, timeoutMs: 2000 });
  while (!(await probe.ping())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(join(dir, 'clamd.log')) ? readFileSync(join(dir, 'clamd.log'), 'utf8') : '';
      await stop();
      throw new Error(`clamd did not answer PING: ${(stderr + log).trim().split('\n').slice(-5).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { tcp, unix, url: `tcp://127.0.0.1:${port}`, stop };
}

