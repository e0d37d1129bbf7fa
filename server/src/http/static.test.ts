import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { AppInstance } from './app-types.js';
import { installErrorHandling } from './error-handler.js';
import { staticWebRoutes } from './static.js';

async function appServing(webDir: string): Promise<AppInstance> {
  const app = Fastify({ logger: false }) as unknown as AppInstance;
  installErrorHandling(app);
  app.get('/api/ping', async () => ({ ok: true }));
  await staticWebRoutes(app, webDir);
  await app.ready();
  return app;
}

describe('static web app', () => {
  let dir: string;
  let app: AppInstance;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amtsdesk-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Amtsdesk</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await appServing(dir);
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers client-side routes with index.html so deep links and reloads work', async () => {
    for (const url of ['/', '/vorgaenge/0190abcd', '/dashboard?status=new']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /<div id="root">/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.headers['content-security-policy'] as string, /default-src 'self'/);
    }
  });

  it('serves hashed assets with a long immutable cache', async () => {
    const res = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'console.log(1)');
    assert.match(res.headers['cache-control'] as string, /max-age=31536000/);
    assert.match(res.headers['cache-control'] as string, /immutable/);
  });

  it('keeps API and intake 404s as problem+json and never serves HTML for a missing asset', async () => {
    for (const url of ['/api/gibt-es-nicht', '/antrag/x', '/assets/missing-123.js']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(res.json().code, 'not_found');
    }
    assert.deepEqual((await app.inject({ url: '/api/ping' })).json(), { ok: true });
  });

  it('does not leave the web directory', async () => {
    const res = await app.inject({ url: '/..%2f..%2f..%2fetc%2fpasswd' });
    assert.notEqual(res.body.includes('root:'), true);
  });

  it('explains in German when the web app has not been built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'amtsdesk-web-empty-'));
    const bare = await appServing(join(empty, 'dist'));
    try {
      const res = await bare.inject({ url: '/' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Die Web-Oberfläche ist nicht gebaut/);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
