import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { personWith, machineWith } from '../../test/viewers.js';
import { mayChangeNote, requireNoteAuthor, requireOwnNote } from './policy.js';

const codeOf = (fn: () => void) => { try { fn(); return 'ok'; } catch (error) { return (error as { code: string }).code; } };

describe('note policy', () => {
  it('makes the signed-in person the author, and refuses a machine client', () => {
    assert.deepEqual(requireNoteAuthor(personWith(['caseworker'], 'anna')), { userId: 'anna' });
    assert.equal(codeOf(() => requireNoteAuthor(machineWith(['cases:write']))), 'forbidden');
  });

  it('lets only the author change a note', () => {
    const note = { author_id: 'anna' };
    assert.equal(mayChangeNote(personWith(['caseworker'], 'anna'), note), true);
    assert.equal(mayChangeNote(personWith(['admin'], 'bert'), note), false, 'not even an admin');
    assert.equal(codeOf(() => requireOwnNote(personWith(['caseworker'], 'bert'), note)), 'forbidden');
    assert.equal(codeOf(() => requireOwnNote(machineWith(['cases:write']), { author_id: null })), 'forbidden');
  });
});
