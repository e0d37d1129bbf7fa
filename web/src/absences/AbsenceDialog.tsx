import { useState } from 'react';
import { isApiError } from '../api/client';
import type { Me, UserOption } from '../api/types';
import { isIsoDate } from '../i18n/format';
import { t } from '../i18n/de';
import { DateField } from '../ui/DateField';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { absencesApi, type Absence } from './api';
import { DialogFooter } from '../admin/DialogFooter';

type Field = 'userId' | 'deputyId' | 'startsOn' | 'endsOn' | 'note';
type Errors = Partial<Record<Field | 'form', string>>;

/**
 * Records an absence with its deputy: one's own, or (team lead, admin: `forOthers`) someone else's.
 * The server refuses an overlapping absence and a deputy who is absent themself, naming the period;
 * that text is shown at the field it concerns.
 */
export function AbsenceDialog({ me, users, forOthers, onDone, onClose }: {
  me: Me;
  users: UserOption[];
  forOthers: boolean;
  onDone: (absence: Absence) => void;
  onClose: () => void;
}) {
  const [userId, setUserId] = useState(me.user.id);
  const [deputyId, setDeputyId] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const clear = (field: Field) => setErrors((e) => ({ ...e, [field]: undefined, form: undefined }));

  const validate = (): Errors => {
    const found: Errors = {};
    if (!deputyId) found.deputyId = t.absences.deputyRequired;
    else if (deputyId === userId) found.deputyId = t.absences.deputySelf;
    if (!isIsoDate(startsOn)) found.startsOn = t.absences.dayRequired;
    if (!isIsoDate(endsOn)) found.endsOn = t.absences.dayRequired;
    else if (isIsoDate(startsOn) && endsOn < startsOn) found.endsOn = t.absences.endBeforeStart;
    return found;
  };

  const submit = async () => {
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      onDone(await absencesApi.record({
        ...(userId !== me.user.id ? { userId } : {}), deputyId, startsOn, endsOn, ...(note.trim() ? { note: note.trim() } : {}),
      }));
    } catch (e) {
      const field = isApiError(e) ? e.field : undefined;
      if (isApiError(e) && field && ['userId', 'deputyId', 'startsOn', 'endsOn', 'note'].includes(field)) setErrors({ [field]: e.detail });
      else setErrors({ form: isApiError(e) ? e.detail : t.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };

  const others = users.filter((u) => u.id !== userId);
  const footer = <DialogFooter onClose={onClose} confirm={t.absences.confirm} busy={busy} />;
  return (
    <Modal title={t.absences.dialogTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()} footer={footer}>
      <p className="kern-body">{t.absences.intro}</p>
      {errors.form ? (
        <p className="kern-error" role="alert">
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <span className="kern-body">{errors.form}</span>
        </p>
      ) : null}
      {forOthers ? (
        <Select
          label={t.absences.person}
          value={userId}
          onChange={(v) => { setUserId(v); clear('userId'); }}
          error={errors.userId}
          options={[
            { value: me.user.id, label: t.absences.me(me.user.displayName) },
            ...users.filter((u) => u.id !== me.user.id).map((u) => ({ value: u.id, label: u.displayName })),
          ]}
        />
      ) : null}
      <Select
        label={t.absences.deputy}
        value={deputyId}
        onChange={(v) => { setDeputyId(v); clear('deputyId'); }}
        error={errors.deputyId}
        options={[{ value: '', label: t.absences.choose }, ...others.map((u) => ({ value: u.id, label: u.displayName }))]}
      />
      <DateField id="absence-start" label={t.absences.startsOn} isRequired value={startsOn} onChange={(v) => { setStartsOn(v); clear('startsOn'); }} error={errors.startsOn} />
      <DateField id="absence-end" label={t.absences.endsOn} isRequired value={endsOn} min={isIsoDate(startsOn) ? startsOn : undefined} onChange={(v) => { setEndsOn(v); clear('endsOn'); }} error={errors.endsOn} />
      <TextInput label={t.absences.note} hint={t.absences.noteHint} multiline value={note} onChange={(v) => { setNote(v); clear('note'); }} error={errors.note} />
    </Modal>
  );
}
