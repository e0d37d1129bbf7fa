import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { caseInProgress, createTemplate, decisionWorld, draft, type DecisionWorld } from '../../test/decision-kit.js';
import { addDays, todayInBerlin } from '../followups/validation.js';

/** „Entscheidung erst, wenn alle Aufgaben erledigt sind“: a per-service setting in the decision settings. */
describeEachDatabase('tasks block the decision where the service asks for it', (t) => {
  let w: DecisionWorld;
  before(async () => {
    w = await decisionWorld(t);
  });
  after(async () => w.test.close());

  const setting = async (body: Record<string, unknown>) => w.app.inject({ method: 'PUT', url: `/api/admin/decision-settings/${w.service.id}`, headers: w.headers.admin, payload: body });
  const send = async (caseId: string, decisionId: string, version: number) =>
    w.app.inject({ method: 'POST', url: `/api/cases/${caseId}/decisions/${decisionId}/send`, headers: w.headers.author, payload: { version } });
  const ask = async (caseId: string) => (await w.app.inject({
    method: 'POST', url: `/api/cases/${caseId}/tasks`, headers: w.headers.author,
    payload: { kind: 'co_signature', instruction: 'Bitte mitzeichnen', assigneeUserId: w.second.id, dueDate: addDays(todayInBerlin(), 3) },
  })).json();

  it('refuses to send while a task is open (409 tasks_open, naming the count), sends once it is done; an older client keeps the setting', async () => {
    const saved = await setting({ requiresRelease: false, requiresTasksDone: true });
    assert.equal(saved.json().requiresTasksDone, true);
    assert.equal((await setting({ requiresRelease: false })).json().requiresTasksDone, true, 'left out: unchanged');

    const kase = await caseInProgress(t, w);
    const decision = (await draft(w, kase.id, (await createTemplate(w)).id)).json();
    const first = await ask(kase.id);
    await ask(kase.id);
    const blocked = await send(kase.id, decision.id, kase.version);
    assert.equal(blocked.statusCode, 409);
    assert.equal(blocked.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(blocked.json().code, 'tasks_open');
    assert.match(blocked.json().detail, /2 Aufgaben sind noch offen/);
    const status = (await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}`, headers: w.headers.author })).json();
    assert.deepEqual([status.status, status.version], ['in_progress', kase.version], 'nothing was written');

    const done = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/tasks/${first.id}/complete`, headers: w.headers.second, payload: { outcome: 'cosigned' } });
    assert.equal(done.statusCode, 200);
    const items = (await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/tasks`, headers: w.headers.author })).json().items as { id: string; state: string }[];
    const other = items.find((i) => i.state === 'open')!;
    assert.match((await send(kase.id, decision.id, kase.version)).json().detail, /1 Aufgabe ist noch offen/);
    assert.equal((await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/tasks/${other.id}/cancel`, headers: w.headers.author })).statusCode, 200);
    const sent = await send(kase.id, decision.id, kase.version);
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json().status, 'sent');
  });

  it('without the setting, open tasks do not hold the decision back', async () => {
    await setting({ requiresRelease: false, requiresTasksDone: false });
    const kase = await caseInProgress(t, w);
    const decision = (await draft(w, kase.id, (await createTemplate(w)).id)).json();
    await ask(kase.id);
    assert.equal((await send(kase.id, decision.id, kase.version)).statusCode, 200);
  });
});
