#!/usr/bin/env node
// Browser end-to-end tests: builds the web app when its sources are newer than web/dist, then runs
// web/e2e/*.e2e.ts with node's test runner. Each file starts the real server on a fresh embedded
// database with the demo municipality and drives Debian's Chromium through playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');

function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const index = join(web, 'dist', 'index.html');
const sources = ['src', 'index.html', 'vite.config.ts', 'public'].map((p) => join(web, p)).filter(existsSync);
const stale = !existsSync(index) || Math.max(...sources.map(newestMtime)) > statSync(index).mtimeMs;
if (stale) {
  console.log('Baue die Web-Oberfläche (vite build) …');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: web, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Chromium fehlt (${chromium}): apt-get install -y chromium`);
  process.exit(1);
}

const filter = process.argv.slice(2);
let files = readdirSync(join(web, 'e2e')).filter((f) => f.endsWith('.e2e.ts')).sort();
if (filter.length) files = files.filter((f) => filter.some((p) => f.includes(p)));
console.log(`Running ${files.length} browser test files`);
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files.map((f) => join('e2e', f))],
  { cwd: web, stdio: 'inherit', env: process.env },
);
process.exit(run.status ?? 1);
