import type { Scheme } from '../../identifiers/schemes.js';
import { AppError } from '../../shared/errors.js';
import { validateFormTree } from '../form-tree.js';
import { ozgIdentity } from '../applicant/channels.js';
import { resolveApplicant } from '../applicant/mapping.js';
import type { IntakeLimits } from '../limits.js';
import { parseStrictJson } from '../../shared/safe-text.js';
import type { StagedAttachment, Submission } from '../types.js';

const missing = (field: string, detail: string) => new AppError('validation_failed', { field, detail });
const optionalString = (value: unknown, field: string, max = 200): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max) throw missing(field, `Das Feld „${field}“ muss Text (höchstens ${max} Zeichen) sein.`);
  return value.trim();
};

/**
 * The OZG-Cloud `formData` part: { control: { transactionId, zustaendigeStelle,
 * organisationsEinheitenId, leikaIds[], formId, name, serviceKonto }, formData: FormItem[] }.
 */
export function submissionFromOzg(raw: Buffer, attachments: StagedAttachment[], limits: IntakeLimits): Submission {
  const doc = parseStrictJson(raw, 'formData', limits.maxFormDepth * 2 + 8);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw missing('formData', 'Der Teil „formData“ muss ein JSON-Objekt mit „control“ und „formData“ sein.');
  const { control, formData } = doc as Record<string, unknown>;
  if (!control || typeof control !== 'object' || Array.isArray(control)) throw missing('control', 'Das Feld „control“ fehlt.');
  const c = control as Record<string, unknown>;
  const transactionId = optionalString(c.transactionId, 'control.transactionId');
  if (!transactionId) throw missing('control.transactionId', 'Das Feld „control.transactionId“ fehlt.');
  if (!Array.isArray(c.leikaIds) || c.leikaIds.length === 0) throw missing('control.leikaIds', 'Das Feld „control.leikaIds“ fehlt oder ist leer.');
  const leikaKeys = c.leikaIds.map((id, i) => {
    if (typeof id !== 'string' || !/^[0-9]{14}$/.test(id)) throw missing(`control.leikaIds[${i}]`, `„control.leikaIds[${i}]“ ist kein LeiKa-Schlüssel (14 Ziffern).`);
    return id;
  });
  if (formData === undefined) throw missing('formData', 'Das Feld „formData“ (die Formulardaten) fehlt.');
  const items = validateFormTree(formData, 'formData', { maxDepth: limits.maxFormDepth, maxItems: limits.maxFormItems });
  checkServiceKonto(c.serviceKonto);
  const identity = ozgIdentity(c.serviceKonto);
  const { applicant } = resolveApplicant(items, 'ozg-cloud', null, identity);
  const formId = optionalString(c.formId, 'control.formId');
  const authority = optionalString(c.zustaendigeStelle, 'control.zustaendigeStelle');
  const orgUnit = optionalString(c.organisationsEinheitenId, 'control.organisationsEinheitenId');
  return {
    channel: 'ozg-cloud',
    transactionId,
    title: optionalString(c.name, 'control.name', 300),
    applicant,
    identity,
    formData: items,
    routing: {
      authority,
      orgUnit,
      orgUnitStrict: false,
      // Both fields carry OZG-Cloud ids, which are PVOG/XZuFi organisation ids in most states.
      identifiers: [
        ...(orgUnit ? [{ field: 'control.organisationsEinheitenId', value: orgUnit, schemes: ['ozg_organisationseinheit', 'pvog_organisation'] as Scheme[] }] : []),
        ...(authority ? [{ field: 'control.zustaendigeStelle', value: authority, schemes: ['ozg_zustaendige_stelle', 'pvog_organisation'] as Scheme[] }] : []),
      ],
      leikaKeys,
      serviceField: 'control.leikaIds',
    },
    attachments,
    meta: formId ? { formId } : undefined,
  };
}

/** serviceKonto's text fields, if sent, must be text of sane length (a clipped Postfach id would reach no one). */
function checkServiceKonto(value: unknown): void {
  if (!value || typeof value !== 'object') return;
  const k = value as Record<string, unknown>;
  optionalString(k.type, 'control.serviceKonto.type');
  optionalString(k.trustLevel, 'control.serviceKonto.trustLevel');
  const address = k.postfachAddress;
  if (address && typeof address === 'object') optionalString((address as Record<string, unknown>).identifier, 'control.serviceKonto.postfachAddress.identifier', 500);
}
