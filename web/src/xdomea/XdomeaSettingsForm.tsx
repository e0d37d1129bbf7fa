import { useState } from 'react';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { TextInput } from '../ui/TextInput';
import { xdomeaApi, type XdomeaSettings } from './xdomeaApi';

const A = t.xdomea.admin;
const FIELDS = ['authorityId', 'authorityName', 'leadHandoverReadOnly'] as const;

/** The municipality's own Behördenkennung and whether a lead hand-over makes a case read-only here. */
export function XdomeaSettingsForm({ initial }: { initial: XdomeaSettings }) {
  const [authorityId, setAuthorityId] = useState(initial.authorityId ?? '');
  const [authorityName, setAuthorityName] = useState(initial.authorityName ?? '');
  const [readOnly, setReadOnly] = useState(initial.leadHandoverReadOnly);
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = () => run(async () => {
    setNotice(undefined);
    await xdomeaApi.saveSettings({ authorityId: authorityId.trim(), authorityName: authorityName.trim(), leadHandoverReadOnly: readOnly });
    setNotice(A.saved);
  }, FIELDS);
  return (
    <form className="admin-create" aria-labelledby="xdomea-identity-heading" noValidate onSubmit={(e) => { e.preventDefault(); errors.clear(); void submit(); }}>
      <h3 id="xdomea-identity-heading" className="kern-heading-small">{A.identity}</h3>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      <div className="admin-create__fields">
        <TextInput label={A.authorityId} value={authorityId} onChange={setAuthorityId} error={errors.fields.authorityId} isRequired />
        <TextInput label={A.authorityName} value={authorityName} onChange={setAuthorityName} error={errors.fields.authorityName} isRequired />
      </div>
      <div className="kern-form-check">
        <input id="xdomea-read-only" type="checkbox" className="kern-form-check__checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
        <label className="kern-label" htmlFor="xdomea-read-only">{A.readOnly}</label>
      </div>
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{A.save}</span></button>
      </div>
    </form>
  );
}
