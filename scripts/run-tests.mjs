#!/usr/bin/env node
// Runs the whole test suite: starts a throwaway PostgreSQL server from the installed binaries
// (no Docker), then node's test runner over every *.test.ts, then stops the server.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureWebBuilt } from './web-build.mjs';

const root = new URL('..', import.meta.url).pathname;

function findPgBin() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    for (const v of readdirSync(base).sort((a, b) => Number(b) - Number(a))) candidates.push(join(base, v, 'bin'));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (entry.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

async function startPostgres() {
  const bin = findPgBin();
  if (!bin) {
    if (process.env.CI) throw new Error('PostgreSQL server binaries not found (install the postgresql package)');
    console.warn('! PostgreSQL binaries not found: running the integration suite on PGlite only');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-pg-'));
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root; hand the directory to the postgres system user then.
  const run = (cmd, args) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres', dir]);
  }
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --ops: the slow operations tests (*.ops.test.ts: several real instances behind a load balancer with
// kills, the image build) that `npm run test:ops` runs after the main suite; the plain suite leaves them
// out; a filter naming them runs them too.
const ops = process.argv.includes('--ops');
const filter = process.argv.slice(2).filter((a) => a !== '--ops');
// The full suite checks the built web app too (no inline script under the CSP), so build it first.
if (!ops && !filter.length && existsSync(join(root, 'web', 'src'))) {
  const built = ensureWebBuilt();
  if (built !== 0) process.exit(built);
}
let files = findTests(join(root, 'server')).sort();
if (filter.length) files = files.filter((f) => filter.some((p) => f.includes(p)));
else files = files.filter((f) => f.endsWith('.ops.test.ts') === ops);
const pgServer = await startPostgres();
const env = { ...process.env };
if (pgServer) env.AMTSDESK_TEST_PG_URL = pgServer.url;
console.log(`Running ${files.length} test files${pgServer ? ' on PGlite and PostgreSQL' : ''}`);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files.map((f) => relative(join(root, 'server'), f))],
  { cwd: join(root, 'server'), env, stdio: 'inherit' },
);
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
pgServer?.stop();
// Browser tests run after the API suite when the web app has them.
let webCode = 0;
if (code === 0 && !ops && existsSync(join(root, 'web', 'e2e')) && !process.env.AMTSDESK_SKIP_E2E) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'run-e2e.mjs')], { stdio: 'inherit', env });
  webCode = r.status ?? 1;
}
process.exit(code || webCode);
