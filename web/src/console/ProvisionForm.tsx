import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { consoleApi, type NewTenant } from './api';

const c = t.console.tenants;
const KINDS: NewTenant['kind'][] = ['municipality', 'city', 'district', 'office', 'ministry'];
type Field = 'name' | 'ags' | 'adminName' | 'adminEmail';
const EMPTY = { name: '', kind: 'municipality' as NewTenant['kind'], ags: '', adminName: '', adminEmail: '' };

/** Checks in the browser what the server checks too, so the operator learns of a typo at once. */
function validate(v: typeof EMPTY): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!v.name.trim()) errors.name = c.required;
  if (!/^\d{8}$/.test(v.ags.trim())) errors.ags = c.agsInvalid;
  if (!v.adminName.trim()) errors.adminName = c.required;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.adminEmail.trim())) errors.adminEmail = c.emailInvalid;
  return errors;
}

export function ProvisionForm({ onCreated }: { onCreated: (name: string, inviteLink: string) => void }) {
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof EMPTY) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(values);
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length) {
      document.querySelector<HTMLInputElement>(`[name="provision-${Object.keys(found)[0]}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = { name: values.name.trim(), kind: values.kind, ags: values.ags.trim(), adminName: values.adminName.trim(), adminEmail: values.adminEmail.trim() };
      const created = await consoleApi.provision(body);
      onCreated(body.name, created.inviteLink);
      setValues(EMPTY);
    } catch (err) {
      if (isApiError(err) && err.field && ['name', 'ags', 'adminName', 'adminEmail'].includes(err.field)) setErrors({ [err.field]: err.detail });
      else setFailure(isApiError(err) ? err.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="provision-title" className="console-form">
      <h2 id="provision-title" className="kern-heading-medium">{c.create}</h2>
      <p className="kern-body">{c.createIntro}</p>
      {failure ? <Alert tone="danger" title={failure} /> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextInput label={c.name} name="provision-name" value={values.name} onChange={set('name')} error={errors.name} isRequired />
        <Select label={c.kind} value={values.kind} onChange={set('kind')} options={KINDS.map((k) => ({ value: k, label: c.kinds[k] ?? k }))} />
        <TextInput label={c.ags} name="provision-ags" hint={c.agsHint} value={values.ags} onChange={set('ags')} error={errors.ags} isRequired />
        <TextInput label={c.adminName} name="provision-adminName" value={values.adminName} onChange={set('adminName')} error={errors.adminName} isRequired />
        <TextInput label={c.adminEmail} name="provision-adminEmail" type="email" value={values.adminEmail} onChange={set('adminEmail')} error={errors.adminEmail} isRequired />
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{c.submit}</span>
        </button>
      </form>
    </section>
  );
}
