import { useId, useState } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';
import { TextInput } from '../ui/TextInput';
import type { Processor, ProcessorBody } from './api';

const x = t.processors.admin;
export type FormField = 'name' | 'url' | 'rules' | 'timeoutMs' | 'kind';
export type FormErrorsOf = Partial<Record<FormField | 'form', string>>;

const EXAMPLE_RULES = JSON.stringify([
  { field: 'antragsteller.plz', label: 'Postleitzahl', required: true, format: 'postal_code' },
  { field: 'antragsteller.geburtsdatum', label: 'Geburtsdatum', format: 'date', maxDate: 'today', severity: 'warning' },
], null, 2);

export interface FormState {
  name: string; kind: 'http' | 'plausibility'; url: string; timeoutMs: string; rules: string; autoApply: boolean; active: boolean;
}

export function initialForm(p?: Processor): FormState {
  return p
    ? { name: p.name, kind: p.kind, url: p.url ?? '', timeoutMs: String(p.timeoutMs), rules: JSON.stringify(p.rules, null, 2), autoApply: p.autoApply, active: p.active }
    : { name: '', kind: 'plausibility', url: '', timeoutMs: '10000', rules: EXAMPLE_RULES, autoApply: false, active: true };
}

/** The form's state as the server's body, or the German error naming the field that is not right. */
export function toBody(f: FormState): { body?: ProcessorBody; errors: FormErrorsOf } {
  const errors: FormErrorsOf = {};
  if (!f.name.trim()) errors.name = x.nameRequired;
  if (f.kind === 'http' && !f.url.trim()) errors.url = x.urlRequired;
  const timeout = Number(f.timeoutMs);
  if (f.kind === 'http' && (!Number.isInteger(timeout) || timeout < 100 || timeout > 60000)) errors.timeoutMs = x.timeoutInvalid;
  let rules: ProcessorBody['rules'] = [];
  if (f.kind === 'plausibility') {
    try {
      const parsed: unknown = JSON.parse(f.rules || '[]');
      if (!Array.isArray(parsed)) throw new Error('not a list');
      rules = parsed as ProcessorBody['rules'];
    } catch {
      errors.rules = x.rulesInvalid;
    }
  }
  if (Object.keys(errors).length) return { errors };
  const body: ProcessorBody = { name: f.name.trim(), kind: f.kind, autoApply: f.autoApply, active: f.active };
  if (f.kind === 'http') Object.assign(body, { url: f.url.trim(), timeoutMs: timeout });
  else body.rules = rules;
  return { body, errors };
}

/** A server refusal next to its field: „url“ (the SSRF guard's answer), „rules/0/pattern“ → rules. */
export function serverErrors(e: unknown): FormErrorsOf {
  if (!isApiError(e)) return { form: t.app.unexpectedError };
  const base = (e.field ?? '').split(/[/.]/)[0];
  if (base === 'name' || base === 'url' || base === 'rules' || base === 'timeoutMs' || base === 'kind') return { [base]: e.detail };
  return { form: e.detail };
}

function Check({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  const id = useId();
  return (
    <div>
      <div className="kern-form-check">
        <input className="kern-form-check__checkbox" type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.target.checked)}
          aria-describedby={hint ? `${id}-hint` : undefined} />
        <label className="kern-label" htmlFor={id}>{label}</label>
      </div>
      {hint ? <p className="kern-hint" id={`${id}-hint`}>{hint}</p> : null}
    </div>
  );
}

/** The fields of a processor: built-in rules or an HTTP processor, auto-apply, active. The kind is fixed once created. */
export function ProcessorFields({ form, onChange, errors, kindFixed }: { form: FormState; onChange: (f: FormState) => void; errors: FormErrorsOf; kindFixed?: boolean }) {
  const id = useId();
  const [, force] = useState(0);
  const set = (patch: Partial<FormState>) => { onChange({ ...form, ...patch }); force((n) => n + 1); };
  return (
    <>
      <TextInput label={x.name} hint={x.nameHint} isRequired value={form.name} onChange={(v) => set({ name: v })} error={errors.name} />
      <fieldset className="kern-fieldset processor-kind">
        <legend className="kern-label">{x.kind}</legend>
        {(['plausibility', 'http'] as const).map((k) => (
          <div className="kern-form-check" key={k}>
            <input className="kern-form-check__radio" type="radio" name={`${id}-kind`} id={`${id}-${k}`} checked={form.kind === k} disabled={kindFixed && form.kind !== k}
              onChange={() => set({ kind: k })} />
            <label className="kern-label" htmlFor={`${id}-${k}`}>{x.kinds[k]}</label>
          </div>
        ))}
      </fieldset>
      {form.kind === 'http' ? (
        <>
          <TextInput label={x.url} hint={x.urlHint} isRequired value={form.url} onChange={(v) => set({ url: v })} error={errors.url} />
          <TextInput label={x.timeout} hint={x.timeoutHint} value={form.timeoutMs} onChange={(v) => set({ timeoutMs: v })} error={errors.timeoutMs} />
        </>
      ) : (
        <TextInput className="processor-rules" label={x.rules} hint={x.rulesHint} multiline value={form.rules} onChange={(v) => set({ rules: v })} error={errors.rules} />
      )}
      <Check label={x.autoApply} hint={x.autoApplyHint} checked={form.autoApply} onChange={(v) => set({ autoApply: v })} />
      <Check label={x.active} checked={form.active} onChange={(v) => set({ active: v })} />
    </>
  );
}
