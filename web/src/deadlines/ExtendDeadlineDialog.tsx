import { useId, useState } from 'react';
import { isApiError } from '../api/client';
import type { CaseDetail } from '../api/types';
import { isIsoDate } from '../i18n/format';
import { t } from '../i18n/de';
import { DateField } from '../ui/DateField';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { deadlinesApi } from './api';
import { DialogFooter } from '../admin/DialogFooter';

type Errors = Partial<Record<'workingDays' | 'dueOn' | 'reason' | 'form', string>>;

/**
 * Extends a case's deadline by working days or to a chosen day, always with a reason (it goes into
 * the case history). The server moves a day that is no working day to the next one and says so.
 */
export function ExtendDeadlineDialog({ caseId, onDone, onClose }: { caseId: string; onDone: (updated: CaseDetail) => void; onClose: () => void }) {
  const id = useId();
  const [mode, setMode] = useState<'days' | 'day'>('days');
  const [days, setDays] = useState('');
  const [day, setDay] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const validate = (): Errors => {
    const found: Errors = {};
    if (mode === 'days' && !/^\d{1,3}$/.test(days.trim())) found.workingDays = t.deadlines.extendDaysInvalid;
    else if (mode === 'days' && (Number(days) < 1 || Number(days) > 250)) found.workingDays = t.deadlines.extendDaysInvalid;
    if (mode === 'day' && !isIsoDate(day)) found.dueOn = t.deadlines.extendDayRequired;
    if (!reason.trim()) found.reason = t.deadlines.extendReasonRequired;
    return found;
  };

  const submit = async () => {
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const body = mode === 'days' ? { workingDays: Number(days), reason: reason.trim() } : { dueOn: day, reason: reason.trim() };
      onDone(await deadlinesApi.extend(caseId, body));
    } catch (e) {
      if (isApiError(e) && (e.field === 'workingDays' || e.field === 'dueOn' || e.field === 'reason')) setErrors({ [e.field]: e.detail });
      else setErrors({ form: isApiError(e) ? e.detail : t.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };

  const footer = <DialogFooter onClose={onClose} confirm={t.deadlines.extendConfirm} busy={busy} />;
  return (
    <Modal title={t.deadlines.extendTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()} footer={footer}>
      <p className="kern-body">{t.deadlines.extendHint}</p>
      {errors.form ? (
        <p className="kern-error" role="alert">
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <span className="kern-body">{errors.form}</span>
        </p>
      ) : null}
      <fieldset className="kern-fieldset deadline-extend__mode">
        <legend className="kern-label">{t.deadlines.extendMode}</legend>
        {(['days', 'day'] as const).map((m) => (
          <div className="kern-form-check" key={m}>
            <input className="kern-form-check__radio" type="radio" name={`${id}-mode`} id={`${id}-${m}`} checked={mode === m} onChange={() => { setMode(m); setErrors({}); }} />
            <label className="kern-label" htmlFor={`${id}-${m}`}>
              {m === 'days' ? t.deadlines.extendByDays : t.deadlines.extendToDay}
            </label>
          </div>
        ))}
      </fieldset>
      {mode === 'days' ? (
        <TextInput label={t.deadlines.extendDays} hint={t.deadlines.extendDaysHint} isRequired value={days} onChange={(v) => { setDays(v); setErrors((e) => ({ ...e, workingDays: undefined })); }} error={errors.workingDays} />
      ) : (
        <DateField label={t.deadlines.extendDay} isRequired value={day} onChange={(v) => { setDay(v); setErrors((e) => ({ ...e, dueOn: undefined })); }} error={errors.dueOn} />
      )}
      <TextInput label={t.deadlines.extendReason} hint={t.deadlines.extendReasonHint} multiline isRequired value={reason} onChange={(v) => { setReason(v); setErrors((e) => ({ ...e, reason: undefined })); }} error={errors.reason} />
    </Modal>
  );
}
