import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { call } from '../../test/case-kit.js';
import { createOrgUnit } from '../../test/factories.js';
import { acceptedAgreement, applyToAdorf, delegationWorld, type DelegationWorld } from '../../test/delegation-kit.js';
import { CASE_PERMISSIONS } from '../cases/policy.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Probe = (caseId: string, version: number) => Promise<[Method, string, unknown?]>;

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/*
 * The desk offers exactly what the server's case detail says (allowedActions, permissions). For a
 * caseworker of the helping municipality B on A's case, every offered control must work: calling
 * it as B must not answer 404 or 403. Decision 0031 lists what stays the owner's.
 */
describeEachDatabase('delegation: what the case detail offers B is what B may do', (t) => {
  let w: DelegationWorld;
  let otherUnitOfA: string;
  before(async () => {
    w = await delegationWorld(t);
    otherUnitOfA = (await createOrgUnit(t.db, { tenant: w.a, name: 'Ordnungsamt Adorf', shortCode: 'OAA' })).id;
    await acceptedAgreement(w, 'service', w.aService.id);
  });
  after(() => w.api.close());

  /** A fresh delegated case, moved by A's caseworker to the status the walk ends in. */
  async function caseAfter(walk: readonly string[]) {
    const kase = await applyToAdorf(w);
    let version = 1;
    for (const action of walk) {
      const extra = action === 'reject' ? { reason: 'Unvollständig' } : action === 'forward' ? { orgUnitId: otherUnitOfA } : {};
      const moved = await call(w.app, 'POST', `/api/cases/${kase.id}/transitions`, w.h.aWorker, { action, version, ...extra });
      assert.equal(moved.status, 200, `${walk.join('→')}: ${JSON.stringify(moved.body)}`);
      version = moved.body.version;
    }
    const opened = await call(w.app, 'GET', `/api/cases/${kase.id}`, w.h.bWorker);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    return opened.body as { id: string; version: number; status: string; allowedActions: string[]; permissions: string[] };
  }

  // How the desk performs each offered action (web/src/case/CaseActions.tsx).
  const actionCall = (action: string, caseId: string, version: number): [Method, string, unknown] => {
    switch (action) {
      case 'take_over': return ['PUT', `/api/cases/${caseId}/assignee`, { assigneeId: w.people.bWorker.id, version }];
      case 'assign': return ['PUT', `/api/cases/${caseId}/assignee`, { assigneeId: w.people.aWorker.id, version }];
      case 'unassign': return ['PUT', `/api/cases/${caseId}/assignee`, { assigneeId: null, version }];
      case 'reject': return ['POST', `/api/cases/${caseId}/transitions`, { action, version, reason: 'Unvollständig' }];
      case 'forward': return ['POST', `/api/cases/${caseId}/transitions`, { action, version, orgUnitId: otherUnitOfA }];
      default: return ['POST', `/api/cases/${caseId}/transitions`, { action, version }];
    }
  };

  // One call per case permission, as the panel that shows it would make it (valid bodies, so the
  // answer is the path's, not the validation's).
  const probes: Record<(typeof CASE_PERMISSIONS)[number], Probe> = {
    'case.transition': async (id, version) => ['POST', `/api/cases/${id}/transitions`, { action: 'decide', version }],
    'case.assign': async (id, version) => ['PUT', `/api/cases/${id}/assignee`, { assigneeId: w.people.bWorker.id, version }],
    'note.write': async (id) => ['POST', `/api/cases/${id}/notes`, { body: 'Rückruf erledigt.' }],
    'followup.write': async (id) => ['POST', `/api/cases/${id}/follow-ups`, { dueDate: day(3), subject: 'Nachfassen' }],
    'task.write': async (id) => ['POST', `/api/cases/${id}/tasks`, { kind: 'check', instruction: 'Bitte Nachweis prüfen.', assigneeUserId: w.people.aWorker.id, dueDate: day(3) }],
    'message.send': async (id) => ['POST', `/api/cases/${id}/messages`, { subject: 'Rückfrage', body: 'Bitte reichen Sie den Nachweis nach.' }],
    'decision.write': async (id) => ['POST', `/api/cases/${id}/decisions`, { source: 'template', templateId: w.templateId }],
    'decision.release': async (id) => {
      // A's caseworker drafts and submits; releasing is the second person's part (four eyes).
      const draft = await call(w.app, 'POST', `/api/cases/${id}/decisions`, w.h.aWorker, { source: 'template', templateId: w.templateId });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const submitted = await call(w.app, 'POST', `/api/cases/${id}/decisions/${draft.body.id}/submit`, w.h.aWorker, {});
      assert.ok(submitted.status < 300, JSON.stringify(submitted.body));
      return ['POST', `/api/cases/${id}/decisions/${draft.body.id}/release`, {}];
    },
    'records.hold': async (id) => ['POST', `/api/cases/${id}/legal-holds`, { reason: 'Rechtsstreit anhängig' }],
    'deadline.extend': async (id) => ['POST', `/api/cases/${id}/deadline/extension`, { workingDays: 5, reason: 'Gutachten ausstehend' }],
    'participant.manage': async (id) => ['POST', `/api/cases/${id}/participants`, { role: 'representative', name: 'RA Recht', email: 'ra@example.org' }],
  };

  const WALKS: Record<string, readonly string[]> = {
    new: [], accepted: ['accept'], in_progress: ['accept', 'start'], decided: ['accept', 'start', 'decide'],
    closed: ['accept', 'start', 'decide', 'close'], reopened: ['accept', 'start', 'decide', 'close', 'reopen'],
    rejected: ['reject'], forwarded: ['forward'],
  };

  it('every action offered to B on a delegated case, in every status, works when B takes it', async () => {
    const offered: Record<string, string[]> = {};
    for (const [status, walk] of Object.entries(WALKS)) {
      const seen = await caseAfter(walk);
      assert.equal(seen.status, status);
      offered[status] = seen.allowedActions;
      for (const action of seen.allowedActions) {
        const fresh = await caseAfter(walk);
        const [method, url, body] = actionCall(action, fresh.id, fresh.version);
        const res = await call(w.app, method, url, w.h.bWorker, body);
        assert.equal(res.status, 200, `${status}: „${action}“ is offered to B, but ${method} ${url} answers ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    // What stays the owner's is not offered: B's people are not A's users (no assignee), and A's
    // routing and records are A's.
    assert.deepEqual(offered.new, ['accept', 'reject']);
    assert.deepEqual(offered.in_progress, ['decide']);
    assert.deepEqual(offered.closed, ['reopen']);
  });

  it('every case permission B is given works on the delegated case; the paths closed to B are not given', async () => {
    const seen = await caseAfter(WALKS.in_progress!);
    for (const permission of seen.permissions) {
      const fresh = await caseAfter(WALKS.in_progress!);
      const [method, url, body] = await probes[permission as keyof typeof probes](fresh.id, fresh.version);
      const res = await call(w.app, method, url, w.h.bWorker, body);
      assert.ok(![403, 404].includes(res.status), `„${permission}“ is given to B, but ${method} ${url} answers ${res.status} ${JSON.stringify(res.body)}`);
    }
    assert.deepEqual(seen.permissions, ['case.transition', 'note.write', 'message.send', 'decision.write', 'decision.release']);
    // The others are really closed to B (so leaving them out hides nothing B could use).
    for (const permission of CASE_PERMISSIONS.filter((p) => !seen.permissions.includes(p))) {
      const fresh = await caseAfter(WALKS.in_progress!);
      const [method, url, body] = await probes[permission](fresh.id, fresh.version);
      const res = await call(w.app, method, url, w.h.bWorker, body);
      assert.ok([403, 404].includes(res.status), `${permission}: ${method} ${url} as B answers ${res.status}`);
    }
    // Forwarding and deletion requests, though lifecycle actions, stay A's even when B knows A's unit.
    const fresh = await caseAfter(WALKS.accepted!);
    const forward = await call(w.app, 'POST', `/api/cases/${fresh.id}/transitions`, w.h.bWorker, { action: 'forward', version: fresh.version, orgUnitId: otherUnitOfA });
    assert.equal(forward.status, 403, JSON.stringify(forward.body));
    assert.match(forward.body.detail, /„Weiterleiten“ bleibt der Kommune vorbehalten/);
    const unchanged = await call(w.app, 'GET', `/api/cases/${fresh.id}`, w.h.aWorker);
    assert.deepEqual([unchanged.body.status, unchanged.body.version], ['accepted', fresh.version]);
  });
});
