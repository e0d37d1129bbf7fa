#!/usr/bin/env node
// Browser end-to-end tests: builds the web app when its sources are newer than web/dist, then runs
// web/e2e/*.e2e.ts with node's test runner. Each file starts the real server on a fresh embedded
// database with the demo municipality and drives Debian's Chromium through playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureWebBuilt } from './web-build.mjs';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');

const built = ensureWebBuilt();
if (built !== 0) process.exit(built);

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
