import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_PERMISSIONS } from '../auth/permissions/catalog.js';
import { CASE_STATUSES, nextStatus, TRANSITION_ACTIONS } from './lifecycle.js';
import { allowedActions } from './policy.js';
import { permissionsOfScopes } from '../auth/permissions/catalog.js';

describe('case lifecycle table', () => {
  const caseworker = new Set(ROLE_PERMISSIONS.caseworker);

  it('offers an action exactly when the transition from that status is legal', () => {
    for (const status of CASE_STATUSES) {
      const offered = allowedActions(status, caseworker).filter((a) => a !== 'assign');
      const legal = TRANSITION_ACTIONS.filter((action) => {
        try {
          nextStatus(status, action);
          return true;
        } catch {
          return false;
        }
      });
      assert.deepEqual(offered, legal, status);
    }
  });

  it('offers nothing to a reader and no status actions without case.transition', () => {
    assert.deepEqual(allowedActions('new', new Set(ROLE_PERMISSIONS.reader)), []);
    assert.deepEqual(allowedActions('new', permissionsOfScopes(['cases:read', 'cases:assign'])), ['assign']);
  });

  it('explains a refused transition in German with the current status and the action', () => {
    assert.throws(() => nextStatus('closed', 'accept'), (err: { code: string; detail: string }) => {
      assert.equal(err.code, 'invalid_transition');
      assert.equal(err.detail, 'Die Aktion „Annehmen“ ist im Status „Abgeschlossen“ nicht möglich (nur im Status „Neu“, „Weitergeleitet“).');
      return true;
    });
  });
});
