#!/usr/bin/env node
// Checks the system packages listed in scripts/system-packages.txt and, for the test suite, installs the
// missing ones where it may (root, or sudo without a password); otherwise it prints the one command to
// run and fails. `--for start` only warns: the server runs without them, with the named feature off.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const here = dirname(new URL(import.meta.url).pathname);
const purpose = process.argv.includes('--for') ? process.argv[process.argv.indexOf('--for') + 1] : 'test';

/** Rows of the manifest: { name, purposes, probe, reason }. */
function readManifest(file = join(here, 'system-packages.txt')) {
  return readFileSync(file, 'utf8').split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [name, purposes, probe, ...reason] = line.trim().split(/\s+/);
      return { name, purposes: purposes.split(','), probe, reason: reason.join(' ') };
    });
}

/** A probe is an absolute path (with at most one `*` directory) or a command on PATH. */
function present(probe) {
  if (probe.startsWith('/')) {
    const star = probe.indexOf('*');
    if (star < 0) return existsSync(probe);
    const parent = probe.slice(0, star);
    const rest = probe.slice(probe.indexOf('/', star));
    try {
      return readdirSync(parent).some((entry) => existsSync(join(parent, entry) + rest));
    } catch {
      return false;
    }
  }
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, probe)));
}

function installer() {
  if (!present('apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  if (present('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return null;
}

function run(prefix, args) {
  const [cmd, ...rest] = [...prefix, ...args];
  const r = spawnSync(cmd, rest, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

const wanted = readManifest().filter((p) => p.purposes.includes(purpose));
const missing = wanted.filter((p) => !present(p.probe));
if (missing.length === 0) process.exit(0);

const names = missing.map((p) => p.name);
const command = `sudo apt-get install -y --no-install-recommends ${names.join(' ')}`;
if (purpose !== 'test') {
  console.warn('Hinweis: Systempakete fehlen; Amtsdesk startet trotzdem, aber:');
  for (const p of missing) console.warn(`  - ${p.name}: ${p.reason}`);
  console.warn(`Nachinstallieren mit: ${command}`);
  process.exit(0);
}

const prefix = installer();
if (!prefix) {
  console.error('The test suite needs these system packages, which are missing:');
  for (const p of missing) console.error(`  - ${p.name}: ${p.reason}`);
  console.error(`Install them with:\n  ${command}\nthen run the test command again.`);
  process.exit(1);
}
console.log(`Installing missing system packages: ${names.join(', ')}`);
if (!run(prefix, ['apt-get', 'update', '-qq']) || !run(prefix, ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...names])) {
  console.error(`apt-get failed. Install them by hand:\n  ${command}`);
  process.exit(1);
}
const still = missing.filter((p) => !present(p.probe));
if (still.length) {
  console.error(`Still missing after apt-get: ${still.map((p) => p.name).join(', ')}`);
  process.exit(1);
}
console.log('System packages installed.');
