import type { CasePermission } from '../api/types';
import { useEffect, useRef, useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { followUpsApi, type FollowUp } from '../followups/api';
import '../followups/followups.css';
import { OverdueBadge } from '../followups/OverdueBadge';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { useCaseAnnotations } from '../live/useCaseAnnotations';
import { FollowUpEditForm, FollowUpFields, serverErrors, validateFollowUp } from './FollowUpEditForm';

type Field = 'dueDate' | 'subject' | 'description';
type Errors = Partial<Record<Field | 'form', string>>;

const EMPTY = { dueDate: '', subject: '', description: '' };

/** Follow-ups of a case: add (date, subject, description), edit, mark done or reopen; overdue ones are marked. */
export function FollowUpsPanel({ caseId, permissions, onChanged }: { caseId: string; permissions: readonly CasePermission[]; onChanged: () => void }) {
  const canWrite = permissions.includes('followup.write');
  const list = useAsync((signal) => followUpsApi.list(caseId, signal).then((r) => r.items), [caseId]);
  const [draft, setDraft] = useState(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [rowError, setRowError] = useState<{ id: string; text: string } | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const focusAfterEdit = useRef<string | null>(null);
  useEffect(() => {
    if (editingId !== null || !focusAfterEdit.current) return;
    document.getElementById(`followup-edit-${focusAfterEdit.current}`)?.focus();
    focusAfterEdit.current = null;
  }, [editingId]);
  const items = list.data ?? [];
  useCaseAnnotations(caseId, 'follow_up', (by) => {
    list.reload();
    if (by) setStatus(t.live.followUpsBy(by));
  });

  const change = (field: Field) => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined, form: undefined }));
  };

  const add = async () => {
    const found = validateFollowUp(draft);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const created = await followUpsApi.add(caseId, { dueDate: draft.dueDate, subject: draft.subject, description: draft.description || undefined });
      list.setData([...items, created].sort(order));
      setDraft(EMPTY);
      setStatus(t.followUps.created);
      onChanged();
    } catch (e) {
      setErrors(serverErrors(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (f: FollowUp) => {
    setBusy(true);
    setRowError(null);
    try {
      const updated = await followUpsApi.update(caseId, f.id, { done: !f.done });
      list.setData(items.map((x) => (x.id === updated.id ? updated : x)).sort(order));
      setStatus(updated.done ? t.followUps.completed : t.followUps.reopened);
      onChanged();
    } catch (e) {
      setRowError({ id: f.id, text: isApiError(e) ? e.detail : t.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };

  /** Leaves the edit form; focus goes back to the follow-up's "Bearbeiten" button. */
  const stopEditing = (id: string, updated?: FollowUp) => {
    focusAfterEdit.current = id;
    setEditingId(null);
    if (updated) {
      list.setData(items.map((x) => (x.id === updated.id ? updated : x)).sort(order));
      setStatus(t.followUps.saved);
      onChanged();
    }
  };

  return (
    <section className="case-section followups-panel" aria-labelledby="followups-heading">
      <h2 id="followups-heading" className="kern-heading-medium">
        {t.followUps.title}
      </h2>
      <p className="kern-sr-only" role="status" aria-live="polite">
        {status}
      </p>
      {list.data === undefined ? (
        <p className="kern-body muted">{list.error ? (isApiError(list.error) ? list.error.detail : t.app.unexpectedError) : t.app.loading}</p>
      ) : items.length === 0 ? (
        <p className="kern-body muted">{t.followUps.empty}</p>
      ) : (
        <ul className="panel-list">
          {items.map((f) => {
            const titleId = `followup-title-${f.id}`;
            return (
              <li key={f.id} className={`panel-item follow-up${f.overdue ? ' panel-item--overdue' : ''}${f.done ? ' panel-item--done' : ''}`}>
                {editingId === f.id ? (
                  <FollowUpEditForm caseId={caseId} followUp={f} onSaved={(u) => stopEditing(f.id, u)} onCancel={() => stopEditing(f.id)} />
                ) : (
                  <>
                    <p className="panel-item__title" id={titleId}>
                      {f.subject}
                    </p>
                    <p className="follow-up-due">
                      <span>{t.followUps.due(formatDate(f.dueDate))}</span>
                      {f.overdue ? <OverdueBadge /> : null}
                      {f.done ? (
                        <span className="kern-badge kern-badge--success">
                          <span className="kern-icon kern-icon--check" aria-hidden="true" />
                          <span className="kern-label kern-label--small">{t.followUps.doneOn(formatDate(f.doneAt), f.doneBy?.displayName ?? '')}</span>
                        </span>
                      ) : null}
                    </p>
                    <p className="panel-item__meta">{t.followUps.forPerson(f.owner.displayName)}</p>
                    {f.description ? <p className="panel-item__body">{f.description}</p> : null}
                  </>
                )}
                {canWrite && editingId !== f.id ? (
                  <div className="panel-item__buttons">
                    <button type="button" className="kern-btn kern-btn--secondary" aria-describedby={titleId} disabled={busy} onClick={() => void toggle(f)}>
                      <span className={`kern-icon kern-icon--${f.done ? 'autorenew' : 'check'}`} aria-hidden="true" />
                      <span className="kern-label">{f.done ? t.followUps.reopen : t.followUps.markDone}</span>
                    </button>
                    <button
                      type="button"
                      id={`followup-edit-${f.id}`}
                      className="kern-btn kern-btn--tertiary"
                      aria-describedby={titleId}
                      disabled={busy}
                      onClick={() => { setRowError(null); setEditingId(f.id); }}
                    >
                      <span className="kern-icon kern-icon--edit" aria-hidden="true" />
                      <span className="kern-label">{t.followUps.edit}</span>
                    </button>
                  </div>
                ) : null}
                {rowError?.id === f.id ? (
                  <p className="kern-error" role="alert">
                    <span className="kern-icon kern-icon--danger" aria-hidden="true" />
                    <span className="kern-body">{rowError.text}</span>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {canWrite ? (
        <form
          className="panel-form no-print"
          aria-labelledby="followup-new-heading"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3 id="followup-new-heading" className="kern-heading-small">
            {t.followUps.newTitle}
          </h3>
          <FollowUpFields draft={draft} errors={errors} change={change} />
          <div className="panel-form__buttons">
            <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
              <span className="kern-icon kern-icon--add" aria-hidden="true" />
              <span className="kern-label">{t.followUps.add}</span>
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** Open ones by due date first, then completed ones (latest completed first), as the server sorts. */
function order(a: FollowUp, b: FollowUp): number {
  if (a.done !== b.done) return a.done ? 1 : -1;
  if (!a.done) return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0;
  return (b.doneAt ?? '') < (a.doneAt ?? '') ? -1 : 1;
}
