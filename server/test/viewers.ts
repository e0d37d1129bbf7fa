import { permissionsOfRoles, permissionsOfScopes, type Role, type Scope } from '../src/auth/permissions/catalog.js';
import type { Viewer } from '../src/cases/viewer.js';

/** A viewer as a person with these roles would have it (for policy tests without a database). */
export function personWith(roles: Role[], userId = 'u-1'): Viewer {
  return { tenantId: 't-1', orgUnitIds: [], userId, permissions: permissionsOfRoles(roles), actor: { kind: 'user', id: userId, name: 'Test' } };
}

/** A viewer as an API key with these scopes would have it (no person behind it). */
export function machineWith(scopes: Scope[]): Viewer {
  return { tenantId: 't-1', orgUnitIds: [], userId: null, permissions: permissionsOfScopes(scopes), actor: { kind: 'token', id: 'k-1', name: 'API-Zugang' } };
}
