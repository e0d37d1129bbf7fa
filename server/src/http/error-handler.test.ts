import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { scrubValues, toAppError } from './error-handler.js';
import { AppError, toProblem } from '../shared/errors.js';

describe('error mapping', () => {
  it('strips quoted values and key details that may carry personal data from log messages', () => {
    const pg = 'duplicate key value violates unique constraint "users_tenant_email" Key (tenant_id, lower(email))=(x, erika@example.org) already exists.';
    const scrubbed = scrubValues(pg);
    assert.ok(!scrubbed.includes('erika@example.org'));
    assert.ok(!scrubbed.includes('users_tenant_email'));
    assert.ok(scrubValues('invalid input syntax for type uuid: "Erika Mustermann"').endsWith('"…"'));
  });

  it('turns an unexpected error into a German 500 problem without internals', () => {
    const problem = toProblem(toAppError(new Error('connection to 10.0.0.5 failed: password for user secret')));
    assert.equal(problem.status, 500);
    assert.equal(problem.code, 'internal');
    assert.ok(!JSON.stringify(problem).includes('secret'));
    assert.ok(!JSON.stringify(problem).includes('stack'));
    assert.match(problem.detail, /interner Fehler/);
  });

  it('keeps the stable code, German detail and field of a refusal', () => {
    const problem = toProblem(new AppError('validation_failed', { field: 'ags', detail: 'Der Gemeindeschlüssel (AGS) muss aus 8 Ziffern bestehen.' }));
    assert.deepEqual([problem.status, problem.code, problem.field], [400, 'validation_failed', 'ags']);
  });

  it('names a refused field by its schema title (the form label), keeping the API name as field', () => {
    const schemas = { body: { type: 'object', properties: {
      partnerSlug: { type: 'string', minLength: 1, title: 'Kurzname der anderen Kommune' },
      applicant: { type: 'object', properties: { address: { type: 'object', properties: { city: { type: 'string', title: 'Ort' } } } } },
      items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string', title: 'Bezeichnung' } } } },
      note: { type: 'string' },
    } } };
    const refused = (validation: unknown[]) => toAppError(Object.assign(new Error('body must …'), { validation, validationContext: 'body' }), schemas);
    const empty = refused([{ instancePath: '/partnerSlug', keyword: 'minLength', params: { limit: 1 } }]);
    assert.deepEqual([empty.field, empty.detail], ['partnerSlug', 'Das Feld „Kurzname der anderen Kommune“ darf nicht leer sein.']);
    assert.equal(refused([{ instancePath: '', keyword: 'required', params: { missingProperty: 'partnerSlug' } }]).detail, 'Das Feld „Kurzname der anderen Kommune“ fehlt.');
    assert.equal(refused([{ instancePath: '/applicant/address/city', keyword: 'type', params: { type: 'string' } }]).detail, 'Das Feld „Ort“ hat den falschen Typ (erwartet: string).');
    assert.equal(refused([{ instancePath: '/items/0/name', keyword: 'minLength', params: { limit: 1 } }]).detail, 'Das Feld „Bezeichnung“ darf nicht leer sein.');
    // Without a title the API name stays.
    assert.equal(refused([{ instancePath: '/note', keyword: 'maxLength', params: { limit: 5 } }]).detail, 'Das Feld „note“ darf höchstens 5 Zeichen lang sein.');
  });
});
