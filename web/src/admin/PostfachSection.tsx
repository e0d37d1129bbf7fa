import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import type { PostfachSettings } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';

const T = t.admin.postfach;
const TEXT_FIELDS = ['baseUrl', 'tokenUrl', 'destinationUrl', 'destinationId', 'clientId', 'senderName', 'replyAddress'] as const;
const SECRET_FIELDS = ['clientSecret', 'signingKey', 'certificate', 'tlsCa'] as const;
const ALL_FIELDS = ['enabled', 'mode', 'statusMonitor', ...TEXT_FIELDS, ...SECRET_FIELDS];
type TextField = (typeof TEXT_FIELDS)[number];
type SecretField = (typeof SECRET_FIELDS)[number];

function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="kern-form-check">
      <input id={id} type="checkbox" className="kern-form-check__checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label className="kern-label" htmlFor={id}>{label}</label>
    </div>
  );
}

/** One adapter: switch, mode (BundID), addresses, client credentials, keys; secrets are write-only. */
function AdapterForm({ initial }: { initial: PostfachSettings }) {
  const [saved, setSaved] = useState(initial);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [statusMonitor, setStatusMonitor] = useState(initial.statusMonitor);
  const [mode, setMode] = useState(initial.mode ?? '');
  const [text, setText] = useState<Record<TextField, string>>(() => Object.fromEntries(TEXT_FIELDS.map((f) => [f, initial[f] ?? ''])) as Record<TextField, string>);
  const [secrets, setSecrets] = useState<Record<SecretField, string>>({ clientSecret: '', signingKey: '', certificate: '', tlsCa: '' });
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const bundid = initial.channel === 'bundid';
  const visible = (f: TextField | SecretField) => bundid || !['destinationUrl', 'destinationId', 'signingKey', 'certificate', 'tlsCa', 'replyAddress', 'senderName'].includes(f);
  const storedHint = (f: SecretField) => ((f === 'clientSecret' && saved.hasClientSecret) || (f === 'signingKey' && saved.hasSigningKey) || (f === 'tlsCa' && saved.hasTlsCa)
    ? T.storedSecret : f === 'certificate' && saved.certificateSubject ? saved.certificateSubject : undefined);
  const submit = () => run(async () => {
    setNotice(undefined);
    const body: Record<string, unknown> = { enabled, ...(bundid ? { mode: mode || null, statusMonitor } : {}) };
    for (const f of TEXT_FIELDS) if (visible(f)) body[f] = text[f].trim() || null;
    for (const f of SECRET_FIELDS) if (visible(f) && secrets[f].trim()) body[f] = secrets[f].trim();
    const next = await adminApi.savePostfach(initial.channel, body);
    setSaved(next);
    setSecrets({ clientSecret: '', signingKey: '', certificate: '', tlsCa: '' });
    setNotice(T.saved(next.label));
  }, ALL_FIELDS);
  const headingId = `postfach-${initial.channel}-heading`;
  return (
    <form className="admin-create" aria-labelledby={headingId} noValidate onSubmit={(e) => { e.preventDefault(); errors.clear(); void submit(); }}>
      <h3 id={headingId} className="kern-heading-small">{initial.label}</h3>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      <p className="kern-body muted">{saved.missing.length ? T.missing(saved.missing.join(', ')) : T.complete}</p>
      {errors.fields.enabled ? <p className="kern-error"><span className="kern-body">{errors.fields.enabled}</span></p> : null}
      <Check id={`${initial.channel}-enabled`} label={T.enabled} checked={enabled} onChange={setEnabled} />
      {bundid ? (
        <>
          <Select label={T.mode} value={mode} onChange={setMode} error={errors.fields.mode}
            options={[{ value: '', label: t.dialogs.choose }, { value: 'rest', label: T.modes.rest! }, { value: 'fit_connect', label: T.modes.fit_connect! }]} />
          <Check id="bundid-status-monitor" label={T.statusMonitor} checked={statusMonitor} onChange={setStatusMonitor} />
        </>
      ) : null}
      <div className="admin-create__fields">
        {TEXT_FIELDS.filter(visible).map((f) => (
          <TextInput key={f} label={T[f]} hint={f === 'baseUrl' ? T.baseUrlHint : undefined} value={text[f]} error={errors.fields[f]}
            onChange={(v) => { setText((p) => ({ ...p, [f]: v })); errors.setField(f, undefined); }} />
        ))}
        {SECRET_FIELDS.filter(visible).map((f) => (
          <TextInput key={f} label={T[f]} hint={storedHint(f)} value={secrets[f]} error={errors.fields[f]} type={f === 'clientSecret' ? 'password' : 'text'}
            multiline={f !== 'clientSecret'} autoComplete="off" onChange={(v) => { setSecrets((p) => ({ ...p, [f]: v })); errors.setField(f, undefined); }} />
        ))}
      </div>
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{T.save}</span></button>
      </div>
    </form>
  );
}

/** Postfächer: the Postfach adapters of the municipality (BundID/ZBP, OSI, BayernID, MUK). */
export function PostfachSection() {
  const list = useAsync(() => adminApi.postfach(), []);
  return (
    <section className="admin-section" aria-labelledby="postfach-heading">
      <h2 id="postfach-heading" className="kern-heading-medium">{T.title}</h2>
      <p className="kern-body">{T.intro}</p>
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      {(list.data?.items ?? []).map((item) => <AdapterForm key={item.channel} initial={item} />)}
    </section>
  );
}
