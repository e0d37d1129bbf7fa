import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canSeeView, requireOwnView, requireSharing, type ViewUser } from './policy.js';

const codeOf = (fn: () => void) => { try { fn(); return 'ok'; } catch (error) { return (error as { code: string }).code; } };
const anna: ViewUser = { tenantId: 't', userId: 'anna', mayShare: false };
const admin: ViewUser = { tenantId: 't', userId: 'root', mayShare: true };

describe('saved-view policy', () => {
  it("hides someone else's private view (404) and keeps a shared one its owner's to change (403)", () => {
    assert.equal(canSeeView(anna, { id: 'v', owner_id: 'bert', shared: false }), false);
    assert.equal(codeOf(() => requireOwnView(anna, { id: 'v', owner_id: 'bert', shared: false }, 'v')), 'not_found');
    assert.equal(codeOf(() => requireOwnView(anna, { id: 'v', owner_id: 'bert', shared: true }, 'v')), 'forbidden');
    assert.equal(codeOf(() => requireOwnView(anna, undefined, 'v')), 'not_found');
    assert.equal(codeOf(() => requireOwnView(anna, { id: 'v', owner_id: 'anna', shared: false }, 'v')), 'ok');
  });

  it('lets only view.share holders share or unshare', () => {
    assert.equal(codeOf(() => requireSharing(anna, false, true)), 'forbidden');
    assert.equal(codeOf(() => requireSharing(anna, true, false)), 'forbidden');
    assert.equal(codeOf(() => requireSharing(anna, false, false)), 'ok');
    assert.equal(codeOf(() => requireSharing(anna, false, undefined)), 'ok');
    assert.equal(codeOf(() => requireSharing(admin, false, true)), 'ok');
  });
});
