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

interface SchemaNode {
  title?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/**
 * The field's German label: the `title` of its schema (as the form that sends it labels it), found
 * along the field path ("partnerSlug", "applicant.address.city", "items.0.name").
 */
export function fieldLabel(schema: unknown, field: string): string | undefined {
  let node = schema as SchemaNode | undefined;
  for (const part of field.split('.')) node = /^\d+$/.test(part) ? node?.items : node?.properties?.[part];
  return typeof node?.title === 'string' ? node.title : undefined;
}

/**
 * Turns a schema violation into a German sentence that names the field: by its label where the
 * schema gives one, otherwise by its name in the API. `field` stays the API name (for the form).
 */
export function describeValidationError(error: AjvLikeError, context: string, schema?: unknown): { field: string; message: string } {
  const field = fieldPath(error) || context;
  const q = `„${(schema !== undefined && fieldLabel(schema, field)) || field}“`;
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
