import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildApp } from '../../main/app.js';
import { loadConfig } from '../../config.js';
import type { AppInstance } from '../../http/app-types.js';
import { declaredRoutes, enforce } from './route-access.js';
import type { Principal } from '../principal.js';

/** Building the app registers routes only; nothing may reach for the database or the file store. */
const untouchable = (name: string): never =>
  new Proxy({}, { get: (_t, property) => { throw new Error(`${name} used while registering routes (${String(property)})`); } }) as never;

// Swagger UI's own static files (only with AMTSDESK_PUBLIC_API_DOCS); they carry no data.
const isApiDocsAsset = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

describe('route permissions', () => {
  let app: AppInstance;
  before(async () => {
    const config = loadConfig({ AMTSDESK_DATA_DIR: join(tmpdir(), 'amtsdesk-route-access'), LOG_LEVEL: 'silent', AMTSDESK_PUBLIC_API_DOCS: '1' });
    app = await buildApp({ db: untouchable('db'), config, blobs: untouchable('blobs') }, { logger: false });
    await app.ready();
  });
  after(async () => app.close());

  it('every /api route declares the permission it needs', () => {
    const api = declaredRoutes(app).filter((r) => r.url.startsWith('/api') && !isApiDocsAsset(r.url));
    assert.ok(api.length > 100, `only ${api.length} /api routes seen`);
    const undeclared = api.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(undeclared, [], 'routes without config.permission (auth/permissions/route-access.ts)');
  });

  it('lists each declared permission in the OpenAPI document as x-permission', () => {
    const doc = app.swagger() as { paths: Record<string, Record<string, { 'x-permission'?: unknown }>> };
    const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
    let documented = 0;
    for (const route of declaredRoutes(app)) {
      const operation = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      if (!operation) continue; // hidden routes (HEAD, the document itself)
      documented++;
      assert.deepEqual(operation['x-permission'], route.access, `${route.method} ${route.url}`);
    }
    assert.ok(documented > 100);
    assert.equal(doc.paths['/api/cases/{id}/notes']?.post?.['x-permission'], 'note.write');
    assert.equal(doc.paths['/api/admin/users']?.get?.['x-permission'], 'tenant.admin');
  });

  it('refuses a principal without the permission, an operator on tenant data, and strangers', () => {
    const reader: Principal = { kind: 'user', tenantId: 't', userId: 'u', displayName: 'R', roles: ['reader'], orgUnitIds: [], csrfToken: 'x' };
    const operator: Principal = { kind: 'operator', operatorId: 'o', displayName: 'O', csrfToken: 'x' };
    const code = (fn: () => void) => { try { fn(); return 'ok'; } catch (error) { return (error as { code: string }).code; } };
    assert.equal(code(() => enforce('case.read', reader)), 'ok');
    assert.equal(code(() => enforce('note.write', reader)), 'forbidden');
    assert.equal(code(() => enforce(['case.assign', 'case.transition'], reader)), 'forbidden');
    assert.equal(code(() => enforce('case.read', operator)), 'forbidden');
    assert.equal(code(() => enforce('platform.operate', operator)), 'ok');
    assert.equal(code(() => enforce('platform.operate', reader)), 'forbidden');
    assert.equal(code(() => enforce('case.read', null)), 'unauthenticated');
    assert.equal(code(() => enforce('signed-in', null)), 'unauthenticated');
    assert.equal(code(() => enforce('public', null)), 'ok');
  });
});
