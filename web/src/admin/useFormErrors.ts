import { useCallback, useState } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';

export interface FormErrors {
  /** Messages by field name, shown next to the field. */
  fields: Record<string, string>;
  /** A refusal that names no field of this form. */
  general?: string;
  setField: (field: string, message: string | undefined) => void;
  /** Puts a server refusal where it belongs: next to the named field, otherwise above the form. */
  capture: (error: unknown, knownFields: readonly string[]) => void;
  clear: () => void;
}

/** "orgUnitIds.0" → "orgUnitIds": the server names array items by index. */
function baseField(field: string): string {
  return field.split('.')[0] ?? field;
}

export function useFormErrors(): FormErrors {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string>();
  const setField = useCallback((field: string, message: string | undefined) => {
    setFields((prev) => {
      const next = { ...prev };
      if (message) next[field] = message;
      else delete next[field];
      return next;
    });
  }, []);
  const capture = useCallback((error: unknown, knownFields: readonly string[]) => {
    if (isApiError(error) && error.field && knownFields.includes(baseField(error.field))) {
      setGeneral(undefined);
      setFields({ [baseField(error.field)]: error.detail });
      return;
    }
    setFields({});
    setGeneral(isApiError(error) ? error.detail : t.app.unexpectedError);
  }, []);
  const clear = useCallback(() => {
    setFields({});
    setGeneral(undefined);
  }, []);
  return { fields, general, setField, capture, clear };
}

/**
 * Runs a form's server call with a busy flag; a refusal lands in `errors` (next to the named field,
 * otherwise above the form).
 */
export function useSubmission(errors: FormErrors) {
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (action: () => Promise<void>, knownFields: readonly string[]) => {
      setBusy(true);
      try {
        await action();
      } catch (e) {
        errors.capture(e, knownFields);
      } finally {
        setBusy(false);
      }
    },
    [errors],
  );
  return { busy, run };
}
