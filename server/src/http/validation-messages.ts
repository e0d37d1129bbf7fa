interface AjvLikeError {
  instancePath?: string;
  keyword: string;
  params?: Record<string, unknown>;
  message?: string;
}

function fieldPath(error: AjvLikeError): string {
  const base = (error.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required' && typeof error.params?.missingProperty === 'string') {
    return base ? `${base}.${error.params.missingProperty}` : error.params.missingProperty;
  }
  if (error.keyword === 'additionalProperties' && typeof error.params?.additionalProperty === 'string') {
    return base ? `${base}.${error.params.additionalProperty}` : error.params.additionalProperty;
  }
  return base;
}

/** Turns a schema violation into a German sentence that names the field. */
export function describeValidationError(error: AjvLikeError, context: string): { field: string; message: string } {
  const field = fieldPath(error) || context;
  const q = `„${field}“`;
  const p = error.params ?? {};
  switch (error.keyword) {
    case 'required':
      return { field, message: `Das Feld ${q} fehlt.` };
    case 'additionalProperties':
      return { field, message: `Das Feld ${q} ist nicht vorgesehen.` };
    case 'type':
      return { field, message: `Das Feld ${q} hat den falschen Typ (erwartet: ${String(p.type)}).` };
    case 'format':
    case 'pattern':
      return { field, message: `Das Feld ${q} hat ein ungültiges Format.` };
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf': {
      const allowed = Array.isArray(p.allowedValues) ? ` (erlaubt: ${p.allowedValues.join(', ')})` : '';
      return { field, message: `Das Feld ${q} hat einen unzulässigen Wert${allowed}.` };
    }
    case 'minLength':
      return { field, message: p.limit === 1 ? `Das Feld ${q} darf nicht leer sein.` : `Das Feld ${q} muss mindestens ${String(p.limit)} Zeichen lang sein.` };
    case 'maxLength':
      return { field, message: `Das Feld ${q} darf höchstens ${String(p.limit)} Zeichen lang sein.` };
    case 'minimum':
      return { field, message: `Das Feld ${q} muss mindestens ${String(p.limit)} sein.` };
    case 'maximum':
      return { field, message: `Das Feld ${q} darf höchstens ${String(p.limit)} sein.` };
    case 'minItems':
      return { field, message: `Das Feld ${q} braucht mindestens ${String(p.limit)} Einträge.` };
    case 'maxItems':
      return { field, message: `Das Feld ${q} darf höchstens ${String(p.limit)} Einträge haben.` };
    default:
      return { field, message: `Das Feld ${q} ist ungültig.` };
  }
}
