import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { personWith, machineWith } from '../../test/viewers.js';
import { decisionActions, requireReleaser } from './policy.js';

const codeOf = (fn: () => void) => { try { fn(); return 'ok'; } catch (error) { return (error as { code: string }).code; } };
const decision = (over: Partial<Parameters<typeof decisionActions>[1]> = {}) => ({
  status: 'awaiting_release', source: 'template', requires_release: true, created_by: 'anna', last_edited_by: 'anna', submitted_by: 'anna', ...over,
});

describe('decision policy (four eyes)', () => {
  it('offers release to a second person, never to an author or a reader', () => {
    assert.deepEqual(decisionActions(personWith(['caseworker'], 'bert'), decision()), ['preview', 'release']);
    assert.deepEqual(decisionActions(personWith(['caseworker'], 'anna'), decision()), ['preview']);
    assert.deepEqual(decisionActions(personWith(['caseworker'], 'carl'), decision({ last_edited_by: 'carl' })), ['preview']);
    assert.deepEqual(decisionActions(personWith(['reader'], 'bert'), decision()), ['preview']);
    assert.deepEqual(decisionActions(machineWith(['cases:write']), decision()), ['preview']);
  });

  it('offers edit and submit on a template draft, send on a draft without release and on a released one', () => {
    assert.deepEqual(decisionActions(personWith(['caseworker'], 'anna'), decision({ status: 'draft' })), ['preview', 'edit', 'submit']);
    assert.deepEqual(decisionActions(personWith(['caseworker'], 'anna'), decision({ status: 'draft', source: 'upload', requires_release: false })), ['preview', 'send']);
    assert.deepEqual(decisionActions(personWith(['caseworker'], 'anna'), decision({ status: 'released' })), ['preview', 'send']);
  });

  it('refuses a release by an author or a machine client, with the reason', () => {
    assert.equal(codeOf(() => requireReleaser(personWith(['caseworker'], 'bert'), decision())), 'ok');
    assert.equal(codeOf(() => requireReleaser(personWith(['caseworker'], 'anna'), decision())), 'forbidden');
    assert.equal(codeOf(() => requireReleaser(machineWith(['cases:write']), decision())), 'forbidden');
    assert.equal(codeOf(() => requireReleaser(personWith(['reader'], 'bert'), decision())), 'forbidden');
  });
});
