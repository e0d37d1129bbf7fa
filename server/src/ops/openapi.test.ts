import { it } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp } from '../../test/app.js';

/** Paths every client relies on; the whole document (every route of every module) is validated. */
const MAIN_PATHS = [
  '/healthz', '/readyz', '/metrics',
  '/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/auth/config', '/api/auth/tenants', '/api/auth/invite/accept',
  '/api/auth/oidc/start', '/api/auth/oidc/callback',
  '/api/admin/users', '/api/admin/users/{id}', '/api/admin/org-units', '/api/admin/services', '/api/admin/api-tokens',
  '/api/users', '/api/org-units', '/api/services',
  '/api/cases', '/api/cases/counts', '/api/cases/{id}', '/api/cases/{id}/transitions', '/api/cases/{id}/assignee',
  '/api/cases/{id}/events', '/api/cases/{id}/attachments/{attachmentId}/content',
  '/api/platform/tenants',
];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describeEachDatabase('OpenAPI document', (t) => {
  it('is served at /api/openapi.json, valid OpenAPI 3.1 and describes every route', async () => {
    const { app, close } = await createTestApp(t.db);
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    await SwaggerParser.validate(structuredClone(doc));
    for (const path of MAIN_PATHS) assert.ok(doc.paths[path], `path ${path} is missing`);
    for (const [path, item] of Object.entries<Record<string, { tags?: string[]; summary?: string }>>(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        assert.ok(op.summary, `${method.toUpperCase()} ${path} has no summary`);
        assert.ok(op.tags?.length, `${method.toUpperCase()} ${path} has no tag`);
      }
    }
    const ui = await app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger/i);
    await close();
  });
});
