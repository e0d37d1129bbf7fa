import { useState } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { privacyApi, type CorrectionBody, type SubjectCase } from './recordsApi';

const s = t.subjectRights;
type Field = CorrectionBody['field'];
const FIELDS = Object.keys(t.eventDetails.applicantFields) as Field[];

/** Art. 16: one field of the applicant, the right value and the reason. */
export function CorrectionForm({ kase, onDone, onCancel }: { kase: SubjectCase; onDone: (message: string) => void; onCancel: () => void }) {
  const [field, setField] = useState<Field>('lastName');
  const [value, setValue] = useState(kase.applicant.lastName ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ field?: string; detail: string } | null>(null);
  const submit = async () => {
    try {
      await privacyApi.correct(kase.id, { field, value, reason });
      onDone(s.corrected);
    } catch (e) {
      setError(isApiError(e) ? { field: e.field, detail: e.detail } : { detail: t.app.unexpectedError });
    }
  };
  return (
    <form className="subject-panel" aria-label={s.correctTitle(kase.caseNumber)} noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3 className="kern-heading-small">{s.correctTitle(kase.caseNumber)}</h3>
      <Select label={s.field} value={field} onChange={(f) => { setField(f as Field); setValue(kase.applicant[f] ?? ''); }}
        options={FIELDS.map((f) => ({ value: f, label: t.eventDetails.applicantFields[f]! }))} />
      <TextInput label={s.value} hint={s.valueHint} value={value} onChange={setValue} error={error?.field === 'value' ? error.detail : undefined} />
      <TextInput label={s.reason} multiline isRequired value={reason} onChange={setReason} error={error?.field === 'reason' ? error.detail : undefined} />
      {error && error.field !== 'value' && error.field !== 'reason' ? <Alert tone="danger" title={error.detail} /> : null}
      <div className="subject-panel__buttons">
        <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{s.save}</span></button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onCancel}><span className="kern-label">{s.cancel}</span></button>
      </div>
    </form>
  );
}

/** Art. 17, first step: the reason; a second officer confirms in the list of requests. */
export function ErasureForm({ kase, onDone, onCancel }: { kase: SubjectCase; onDone: (message: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ field?: string; detail: string } | null>(null);
  const submit = async () => {
    try {
      await privacyApi.requestErasure(kase.id, reason);
      onDone(s.requested);
    } catch (e) {
      setError(isApiError(e) ? { field: e.field, detail: e.detail } : { detail: t.app.unexpectedError });
    }
  };
  return (
    <form className="subject-panel" aria-label={s.eraseTitle(kase.caseNumber)} noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3 className="kern-heading-small">{s.eraseTitle(kase.caseNumber)}</h3>
      <p className="kern-body">{s.eraseIntro}</p>
      <TextInput label={s.reason} multiline isRequired value={reason} onChange={setReason} error={error?.field === 'reason' ? error.detail : undefined} />
      {error && error.field !== 'reason' ? <Alert tone="danger" title={error.detail} /> : null}
      <div className="subject-panel__buttons">
        <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{s.eraseSubmit}</span></button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onCancel}><span className="kern-label">{s.cancel}</span></button>
      </div>
    </form>
  );
}
