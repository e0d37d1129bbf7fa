import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp } from '../../test/app.js';
import { loadConfig } from '../config.js';

/** The settings an operator's environment yields for /metrics and the API documentation. */
function exposure(env: Record<string, string>) {
  const { mode, metricsToken, publicApiDocs } = loadConfig({ AMTSDESK_DATA_DIR: '/nonexistent', ...env });
  return { mode, metricsToken, publicApiDocs };
}

describeEachDatabase('what the installation exposes: metrics and API documentation', (t) => {
  it('production mode serves neither /metrics nor the API documentation by default', async () => {
    const { app, close } = await createTestApp(t.db, exposure({ AMTSDESK_MODE: 'production' }));
    try {
      for (const url of ['/metrics', '/api/docs/', '/api/docs/json', '/api/openapi.json']) {
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
        assert.ok(!res.body.includes('amtsdesk_http_request_duration') && !res.body.includes('"openapi"'), `${url} leaked`);
      }
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'health stays public for load balancers');
    } finally {
      await close();
    }
  });

  it('production mode publishes the API documentation only with AMTSDESK_PUBLIC_API_DOCS=1', async () => {
    const { app, close } = await createTestApp(t.db, exposure({ AMTSDESK_MODE: 'production', AMTSDESK_PUBLIC_API_DOCS: '1' }));
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/api/openapi.json' })).json().openapi.startsWith('3.1'), true);
      assert.equal((await app.inject({ method: 'GET', url: '/api/docs/' })).statusCode, 200);
    } finally {
      await close();
    }
  });

  it('with AMTSDESK_METRICS_TOKEN /metrics answers only that bearer token, in any mode', async () => {
    for (const mode of ['production', 'development']) {
      const { app, close } = await createTestApp(t.db, exposure({ AMTSDESK_MODE: mode, AMTSDESK_METRICS_TOKEN: 'scrape-4711-geheim' }));
      try {
        for (const authorization of [undefined, 'Bearer falsch', 'Bearer scrape-4711-geheim-nicht', 'Basic c2NyYXBlOjQ3MTE=']) {
          const res = await app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
          assert.equal(res.statusCode, 401, `${mode} ${authorization}`);
          assert.match(String(res.headers['content-type']), /application\/problem\+json/);
          assert.match(res.json().detail, /Metrik-Token/);
          assert.equal(res.headers['www-authenticate'], 'Bearer realm="metrics"');
        }
        const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-4711-geheim' } });
        assert.equal(ok.statusCode, 200);
        assert.match(ok.body, /amtsdesk_http_request_duration_seconds/);
      } finally {
        await close();
      }
    }
  });

  it('development mode (the demo) keeps both public; an unknown mode is refused at start', async () => {
    const { app, close } = await createTestApp(t.db, exposure({}));
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode, 200);
    } finally {
      await close();
    }
    assert.throws(() => exposure({ AMTSDESK_MODE: 'prod' }), /AMTSDESK_MODE/);
  });
});
