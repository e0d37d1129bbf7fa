// Attack suite of issue #12, item 3: every response carries the security headers, whoever answers it.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { defaultWebDir } from './static.js';

function assertBaseHeaders(headers: Record<string, unknown>, what: string) {
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['referrer-policy'], 'same-origin', what);
  assert.match(String(headers['content-security-policy']), /frame-ancestors 'none'/, what);
}

describeEachDatabase('security headers on every response', (t) => {
  let plain: TestApp;
  let https: TestApp;
  before(async () => {
    plain = await createTestApp(t.db);
    https = await createTestApp(t.db, { publicUrl: 'https://amtsdesk.example.de' });
  });
  after(async () => {
    await plain.close();
    await https.close();
  });

  it('API answers, refusals, 404s and health checks: nosniff, no framing, no referrer abroad, a CSP that loads nothing', async () => {
    const requests: Array<[string, string, number]> = [
      ['GET', '/api/auth/config', 200],
      ['GET', '/api/cases', 401],
      ['POST', '/api/auth/login', 400],
      ['GET', '/api/gibt-es-nicht', 404],
      ['GET', '/antrag/gibt-es-nicht', 404],
      ['GET', '/healthz', 200],
      ['GET', '/api/openapi.json', 200],
    ];
    for (const [method, url, status] of requests) {
      const res = await plain.app.inject({ method: method as 'GET', url, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { payload: '{' } : {}) });
      assert.equal(res.statusCode, status, `${url}: ${res.body}`);
      assertBaseHeaders(res.headers, url);
      assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", url);
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
    }
  });

  it('the web app gets a CSP without inline script, and no framing', async () => {
    for (const url of ['/', '/vorgaenge/0190abcd-0000-7000-8000-000000000000', '/portal']) {
      const res = await plain.app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assertBaseHeaders(res.headers, url);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/, 'only our own script files');
      assert.doesNotMatch(csp, /'unsafe-inline'[^;]*;?\s*$|script-src[^;]*'unsafe-(inline|eval)'/, 'no inline or eval script');
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
    }
  });

  it('the built web app contains no inline script the CSP would have to allow', { skip: !existsSync(join(defaultWebDir(), 'index.html')) && 'web/dist is not built' }, () => {
    const html = readFileSync(join(defaultWebDir(), 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.ok(scripts.length > 0);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes!, /\bsrc=/, 'every script is a file');
      assert.equal(body!.trim(), '', 'no inline code');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
  });

  it('the API documentation keeps working under its own CSP: its bundled scripts, nothing inline', async () => {
    const page = await plain.app.inject({ url: '/api/docs/' });
    assert.equal(page.statusCode, 200);
    assertBaseHeaders(page.headers, 'docs');
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self'/, 'Swagger UI loads the OpenAPI document');
    for (const [, src] of page.body.matchAll(/<script[^>]*src="([^"]+)"/g)) {
      const script = await plain.app.inject({ url: new URL(src!, 'http://x/api/docs/').pathname });
      assert.equal(script.statusCode, 200, src);
    }
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'Swagger UI ships no inline script');
  });

  it('HSTS is sent on every response when the installation is reached over https', async () => {
    for (const url of ['/', '/api/auth/config', '/api/gibt-es-nicht', '/healthz']) {
      const res = await https.app.inject({ url });
      assert.equal(res.headers['strict-transport-security'], 'max-age=63072000; includeSubDomains', url);
      assertBaseHeaders(res.headers, url);
    }
  });
});
