import { useEffect, useRef, useState, type Ref } from 'react';
import { isApiError } from '../api/client';
import { followUpsApi, type FollowUp } from '../followups/api';
import { isIsoDate, isoDate } from '../i18n/format';
import { t } from '../i18n/de';
import { DateField } from '../ui/DateField';
import { TextInput } from '../ui/TextInput';

type Field = 'dueDate' | 'subject' | 'description';
type Errors = Partial<Record<Field | 'form', string>>;
type Draft = Record<Field, string>;

/**
 * The checks of a follow-up draft, as the server makes them. A due date may only be in the past if it
 * is the one the follow-up already has (an overdue follow-up keeps its date when only the text changes).
 */
export function validateFollowUp(draft: Draft, unchangedDue?: string): Errors {
  const errors: Errors = {};
  if (!draft.dueDate) errors.dueDate = t.followUps.dueRequired;
  else if (!isIsoDate(draft.dueDate)) errors.dueDate = t.dateField.invalid;
  else if (draft.dueDate !== unchangedDue && draft.dueDate < isoDate(new Date())) errors.dueDate = t.followUps.duePast;
  if (!draft.subject.trim()) errors.subject = t.followUps.subjectRequired;
  return errors;
}

/** The server's refusal next to the field it names, else above the buttons. */
export function serverErrors(e: unknown): Errors {
  const field = isApiError(e) && (['dueDate', 'subject', 'description'] as string[]).includes(e.field ?? '') ? (e.field as Field) : 'form';
  return { [field]: isApiError(e) ? e.detail : t.app.unexpectedError };
}

/** Date, subject and description with their messages, and the server's refusal: shared by the add and edit forms. */
export function FollowUpFields({ draft, errors, change, dateRef }: { draft: Draft; errors: Errors; change: (field: Field) => (value: string) => void; dateRef?: Ref<HTMLInputElement> }) {
  return (
    <>
      <div className="panel-form__row">
        <DateField label={t.followUps.dueDate} isRequired value={draft.dueDate} onChange={change('dueDate')} error={errors.dueDate} inputRef={dateRef} />
        <TextInput label={t.followUps.subject} isRequired value={draft.subject} onChange={change('subject')} error={errors.subject} />
      </div>
      <TextInput label={t.followUps.description} multiline value={draft.description} onChange={change('description')} error={errors.description} />
      {errors.form ? (
        <p className="kern-error" role="alert">
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <span className="kern-body">{errors.form}</span>
        </p>
      ) : null}
    </>
  );
}

interface FollowUpEditFormProps {
  caseId: string;
  followUp: FollowUp;
  onSaved: (updated: FollowUp) => void;
  onCancel: () => void;
}

/** Edit date, subject and description of an existing follow-up in place; nothing typed is lost on an error. */
export function FollowUpEditForm({ caseId, followUp, onSaved, onCancel }: FollowUpEditFormProps) {
  const [draft, setDraft] = useState<Draft>({ dueDate: followUp.dueDate, subject: followUp.subject, description: followUp.description });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const dateRef = useRef<HTMLInputElement>(null);
  useEffect(() => dateRef.current?.focus(), []);

  const change = (field: Field) => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined, form: undefined }));
  };

  const save = async () => {
    const found = validateFollowUp(draft, followUp.dueDate);
    setErrors(found);
    if (Object.keys(found).length) return;
    const changes: Partial<Draft> = {};
    for (const field of ['dueDate', 'subject', 'description'] as const) {
      if (draft[field].trim() !== followUp[field].trim()) changes[field] = draft[field];
    }
    if (!Object.keys(changes).length) return onCancel();
    setBusy(true);
    try {
      onSaved(await followUpsApi.update(caseId, followUp.id, changes));
    } catch (e) {
      setErrors(serverErrors(e));
      setBusy(false);
    }
  };

  return (
    <form
      className="panel-form"
      aria-label={t.followUps.editLabel(followUp.subject)}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <FollowUpFields draft={draft} errors={errors} change={change} dateRef={dateRef} />
      <div className="panel-form__buttons">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{t.followUps.save}</span>
        </button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onCancel}>
          <span className="kern-label">{t.followUps.cancel}</span>
        </button>
      </div>
    </form>
  );
}
