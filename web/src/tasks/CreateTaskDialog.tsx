import { useState } from 'react';
import { isApiError } from '../api/client';
import { lookupApi } from '../api/endpoints';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { Alert, FieldErrorText } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { tasksApi, type Task, type TaskBody } from './api';
import './tasks.css';

const x = t.tasks;
type Field = 'kind' | 'instruction' | 'assignee' | 'dueDate';
type Errors = Partial<Record<Field | 'form', string>>;
const EMPTY = { kind: 'check', instruction: '', assigneeKind: 'user', assigneeId: '', dueDate: '' };

/** „Neue Aufgabe“: kind, instruction, a person or an org unit of the municipality, and a due day. */
export function CreateTaskDialog({ caseId, isOpen, onClose, onCreated }: {
  caseId: string; isOpen: boolean; onClose: () => void; onCreated: (task: Task) => void;
}) {
  const people = useAsync(() => lookupApi.users().then((r) => r.items), []);
  const units = useAsync(() => lookupApi.orgUnits().then((r) => r.items), []);
  const [draft, setDraft] = useState(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof EMPTY) => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value, ...(field === 'assigneeKind' ? { assigneeId: '' } : {}) }));
    setErrors({});
  };

  const submit = async () => {
    const found: Errors = {};
    if (!draft.instruction.trim()) found.instruction = x.required.instruction;
    if (!draft.assigneeId) found.assignee = x.required.assignee;
    if (!draft.dueDate) found.dueDate = x.required.dueDate;
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const body = {
        kind: draft.kind, instruction: draft.instruction, dueDate: draft.dueDate,
        ...(draft.assigneeKind === 'user' ? { assigneeUserId: draft.assigneeId } : { assigneeOrgUnitId: draft.assigneeId }),
      } as TaskBody;
      onCreated(await tasksApi.add(caseId, body));
      setDraft(EMPTY);
    } catch (e) {
      const field = isApiError(e) ? e.field : undefined;
      const text = isApiError(e) ? e.detail : t.app.unexpectedError;
      const at: Field | 'form' = field === 'assigneeUserId' || field === 'assigneeOrgUnitId' ? 'assignee' : field === 'instruction' || field === 'dueDate' ? field : 'form';
      setErrors({ [at]: text });
    } finally {
      setBusy(false);
    }
  };

  const described = (field: Field) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `task-${field}-error` } : {});
  const error = (field: Field) => (errors[field] ? <FieldErrorText id={`task-${field}-error`}>{errors[field]}</FieldErrorText> : null);
  const options = draft.assigneeKind === 'user'
    ? (people.data ?? []).map((p) => ({ id: p.id, name: p.displayName }))
    : (units.data ?? []).map((u) => ({ id: u.id, name: u.name }));

  return (
    <Modal title={x.dialogTitle} isOpen={isOpen} onOpenChange={(open) => (open ? undefined : onClose())} onSubmit={() => void submit()}
      footer={(
        <>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={onClose}><span className="kern-label">{x.cancelDialog}</span></button>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{x.submit}</span></button>
        </>
      )}>
      {errors.form ? <Alert tone="danger" title={errors.form} /> : null}
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="task-kind">{x.kind}</label>
        <select id="task-kind" className="kern-form-input__select" value={draft.kind} onChange={(e) => set('kind')(e.target.value)}>
          {Object.entries(x.kinds).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="task-instruction">{x.instruction}</label>
        <textarea id="task-instruction" className="kern-form-input__input" rows={3} maxLength={2000} value={draft.instruction}
          onChange={(e) => set('instruction')(e.target.value)} {...described('instruction')} />
        {error('instruction')}
      </div>
      <fieldset className="kern-fieldset task-choices">
        <legend className="kern-label">{x.assigneeKind}</legend>
        <div className="kern-fieldset__body">
        {(['user', 'org_unit'] as const).map((kind) => (
          <div key={kind} className="kern-form-check">
            <input className="kern-form-check__radio" type="radio" name="task-assignee-kind" id={`task-assignee-${kind}`} value={kind}
              checked={draft.assigneeKind === kind} onChange={() => set('assigneeKind')(kind)} />
            <label className="kern-label" htmlFor={`task-assignee-${kind}`}>{kind === 'user' ? x.assigneePerson : x.assigneeUnit}</label>
          </div>
        ))}
        </div>
      </fieldset>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="task-assignee">{draft.assigneeKind === 'user' ? x.assigneeUser : x.assigneeOrgUnit}</label>
        <select id="task-assignee" className="kern-form-input__select" value={draft.assigneeId} onChange={(e) => set('assigneeId')(e.target.value)} {...described('assignee')}>
          <option value="">{x.choose}</option>
          {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
        {error('assignee')}
      </div>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="task-due">{x.dueDate}</label>
        <input id="task-due" className="kern-form-input__input" type="date" value={draft.dueDate} onChange={(e) => set('dueDate')(e.target.value)} {...described('dueDate')} />
        {error('dueDate')}
      </div>
    </Modal>
  );
}
