import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import type { AppInstance } from '../http/app-types.js';
import { describeValidationError } from '../http/validation-messages.js';
import { AppError } from '../shared/errors.js';
import { parseStrictJson } from '../shared/safe-text.js';

/** Replaces the scope's JSON parser: strict UTF-8, no NUL, bounded depth and size. */
export function installStrictJsonParser(app: AppInstance, bodyLimit: number): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseStrictJson(body as Buffer, 'Anfrage'));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

const ajv = new Ajv({ allErrors: false, coerceTypes: false, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Validates a JSON document that did not come through a route schema (a multipart part). */
export function checkAgainst<T>(schema: TSchema, value: unknown, context: string): T {
  const validate = compiled.get(schema) ?? ajv.compile(schema);
  compiled.set(schema, validate);
  if (!validate(value)) {
    const described = describeValidationError(validate.errors![0] as never, context);
    throw new AppError('validation_failed', { field: described.field, detail: described.message });
  }
  return value as T;
}
