import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../src/config.js';
import { buildApp, type BuildAppOptions } from '../src/main/app.js';
import type { AppInstance } from '../src/http/app-types.js';
import { FsBlobStore } from '../src/blobs/fs-blob-store.js';
import type { Database } from '../src/db/database.js';
import { createUserSession, SESSION_COOKIE, CSRF_HEADER } from '../src/auth/sessions.js';
import { createApiToken } from '../src/auth/api-tokens.js';
import type { Scope } from '../src/auth/principal.js';

/** What tests allow-list for outbound requests: the loopback address their stand-in servers use. */
export const TEST_OUTBOUND_ALLOW = '127.0.0.1';

export interface TestApp {
  app: AppInstance;
  config: AppConfig;
  blobs: FsBlobStore;
  close(): Promise<void>;
}

/** The real app on a test database, driven with app.inject() (or app.listen for real sockets). */
export async function createTestApp(db: Database, overrides: Partial<AppConfig> = {}, options: Pick<BuildAppOptions, 'xdomeaBuilders'> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-test-'));
  // The stand-ins for external systems listen on 127.0.0.1, so tests allow-list loopback explicitly
  // (as an operator would for an on-site service); production's default reaches nothing internal.
  const config: AppConfig = { ...loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMTSDESK_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW }), ...overrides };
  const blobs = new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes);
  const app = await buildApp({ db, config, blobs }, { logger: false, ...options });
  await app.ready();
  return {
    app,
    config,
    blobs,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headers of a signed-in browser session for this user (cookie + CSRF header). */
export async function sessionHeaders(db: Database, user: { id: string; tenant: { id: string } }): Promise<Record<string, string>> {
  const session = await createUserSession(db, user.tenant.id, user.id, 1);
  return { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
}

/** Authorization header of a machine client with the given scopes. */
export async function tokenHeaders(db: Database, tenantId: string, scopes: Scope[]): Promise<Record<string, string>> {
  const { token } = await createApiToken(db, tenantId, { name: 'Test', scopes, createdBy: null });
  return { authorization: `Bearer ${token}` };
}
