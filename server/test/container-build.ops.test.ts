import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NOBODY = 65534;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** A fresh database on the suite's PostgreSQL server (as in production); without one, the embedded database. */
async function databaseEnv(): Promise<Record<string, string>> {
  const base = process.env.AMTSDESK_TEST_PG_URL;
  if (!base) return {};
  const name = `amtsdesk_image_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

/**
 * The image's steps as a script (no base image can be pulled here): build the runtime tree, then
 * run `amtsdesk start` from it as an unprivileged user who cannot write to it.
 */
describe('deploy/container/build.sh: the runtime tree starts read-only, non-root, without dev dependencies', () => {
  const work = mkdtempSync(join(tmpdir(), 'amtsdesk-image-'));
  const out = join(work, 'image');
  const data = join(work, 'data');
  let server: ChildProcess | undefined;
  let port = 0;
  let log = '';

  before(async () => {
    execFileSync('bash', [join(root, 'deploy/container/build.sh'), out], { stdio: 'inherit' });
    execFileSync('mkdir', ['-p', data, join(work, 'tmp')]);
    chmodSync(work, 0o755);
    chmodSync(data, 0o777);
    chmodSync(join(work, 'tmp'), 0o1777);
    port = await freePort();
    const asNobody = process.getuid?.() === 0 ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] : [];
    const [command, ...args] = [...asNobody, join(out, 'bin/amtsdesk'), 'start'];
    server = spawn(command!, args, {
      cwd: '/',
      env: { ...(await databaseEnv()), PATH: process.env.PATH!, HOME: data, TMPDIR: join(work, 'tmp'), AMTSDESK_DATA_DIR: data, PORT: String(port), HOST: '127.0.0.1', AMTSDESK_DEMO: '0', AMTSDESK_MODE: 'production' },
    });
    server.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  });
  after(async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(work, { recursive: true, force: true });
  });

  it('contains the prebuilt web app and production dependencies only, no tests', () => {
    const modules = readdirSync(join(out, 'app/node_modules'));
    for (const dev of ['typescript', 'vite', 'eslint', 'oidc-provider', 's3rver', 'react']) assert.ok(!modules.includes(dev), `${dev} is not in the image`);
    for (const runtime of ['fastify', 'pg', 'tsx', '@electric-sql']) assert.ok(modules.includes(runtime), `${runtime} is in the image`);
    assert.ok(existsSync(join(out, 'app/web/dist/index.html')));
    assert.equal(execFileSync('find', [join(out, 'app/server'), '-name', '*.test.ts']).toString(), '');
  });

  it('serves /healthz, /readyz and the web app when started by the entrypoint', async () => {
    const health = await waitFor(`http://127.0.0.1:${port}/healthz`, 600_000).catch((e) => assert.fail(`${e}\n${log}`));
    assert.equal(health.status, 200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(ready.status, 200, log);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    assert.match(await page.text(), /<div id="root">|<!doctype html>/i);
  });
});
