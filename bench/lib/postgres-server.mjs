// A throwaway PostgreSQL server for the benchmarks, started from the installed binaries
// (/usr/lib/postgresql/*/bin, or PG_BIN), as the postgres system user when running as root.
// Same approach as scripts/run-tests.mjs, with settings for bulk loading and reading.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function findPgBin() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    for (const v of readdirSync(base).sort((a, b) => Number(b) - Number(a))) candidates.push(join(base, v, 'bin'));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

export function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server; `settings` are extra `-c name=value` options. Returns { url, version, dir, reused, stop() }.
 * Durability is switched off (fsync, synchronous_commit): a benchmark database is disposable.
 * `options.dir`: keep the cluster in this directory (created if missing) instead of a temporary one:
 * an existing cluster there (dir/data) is started as it is (`reused`), and stop() shuts it down
 * cleanly and leaves it for the next run (bench:desk:load --data-dir).
 */
export async function startPostgres(settings = {}, options = {}) {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found (install the postgresql package or set PG_BIN)');
  const keep = Boolean(options.dir);
  if (keep) mkdirSync(options.dir, { recursive: true });
  const dir = keep ? options.dir : mkdtempSync(join(tmpdir(), 'amtsdesk-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres', dir]);
  }
  const data = join(dir, 'data');
  const reused = keep && existsSync(join(data, 'PG_VERSION'));
  if (!reused) run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const all = { listen_addresses: '127.0.0.1', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '100', ...settings };
  const opts = [`-p ${port}`, `-k ${dir}`, ...Object.entries(all).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '120', 'start']);
  const version = String(run(join(bin, 'postgres'), ['--version'])).trim();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    dir,
    reused,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        // A kept cluster is shut down cleanly (a checkpoint, no crash recovery at the next start).
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', keep ? 'fast' : 'immediate', '-t', '600', 'stop']);
      } catch {}
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
