import type { CasePermission } from '../api/types';
import { useRef, useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { notesApi, type Note } from '../followups/api';
import '../followups/followups.css';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { useCaseAnnotations } from '../live/useCaseAnnotations';
import { useStoredDraft } from './notesDraft';

const failureText = (e: unknown) => `${isApiError(e) ? e.detail : t.app.unexpectedError} ${t.notes.draftKept}`;

/**
 * Internal notes of a case: add; edit and delete one's own (delete asks first). A draft is only
 * cleared once the server has saved it; an expired session is handled by the API client (sign-in
 * dialog, then the same request again), so the typed text is never lost.
 */
export function NotesPanel({ caseId, permissions, onChanged }: { caseId: string; permissions: readonly CasePermission[]; onChanged: () => void }) {
  const canWrite = permissions.includes('note.write');
  const notes = useAsync((signal) => notesApi.list(caseId, signal).then((r) => r.items), [caseId]);
  const [draft, setDraft] = useStoredDraft(`amtsdesk:note-draft:${caseId}`);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<{ id: string; text: string; error?: string } | null>(null);
  const [deleting, setDeleting] = useState<Note | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const items = notes.data ?? [];
  useCaseAnnotations(caseId, 'note', (by) => {
    notes.reload();
    if (by) setStatus(t.live.notesBy(by));
  });

  const add = async () => {
    if (!draft.trim()) return setError(t.notes.required);
    setBusy(true);
    setError(undefined);
    try {
      const note = await notesApi.add(caseId, draft);
      notes.setData([...items, note]);
      setDraft('');
      setStatus(t.notes.added);
      onChanged();
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!editing) return;
    if (!editing.text.trim()) return setEditing({ ...editing, error: t.notes.required });
    setBusy(true);
    try {
      const note = await notesApi.edit(caseId, editing.id, editing.text);
      notes.setData(items.map((n) => (n.id === note.id ? note : n)));
      setEditing(null);
      setStatus(t.notes.saved);
      onChanged();
    } catch (e) {
      setEditing({ ...editing, error: failureText(e) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await notesApi.remove(caseId, deleting.id);
      notes.setData(items.filter((n) => n.id !== deleting.id));
      setDeleting(null);
      setStatus(t.notes.deleted);
      onChanged();
      headingRef.current?.focus();
    } catch (e) {
      setDeleting(null);
      setStatus('');
      setError(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="case-section notes-panel" aria-labelledby="notes-heading">
      <h2 id="notes-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium panel-heading">
        {t.notes.title}
      </h2>
      <p className="kern-body muted">{t.notes.intro}</p>
      <p className="kern-sr-only" role="status" aria-live="polite">
        {status}
      </p>
      {notes.data === undefined ? (
        <p className="kern-body muted">{notes.error ? failureText(notes.error) : t.app.loading}</p>
      ) : items.length === 0 ? (
        <p className="kern-body muted">{t.notes.empty}</p>
      ) : (
        <ol className="panel-list">
          {items.map((note) => {
            const metaId = `note-meta-${note.id}`;
            return (
              <li key={note.id} className="panel-item note">
                <p className="panel-item__meta" id={metaId}>
                  {t.notes.actionsFor(note.author.displayName, formatDateTime(note.createdAt))}
                  {note.edited ? ` · ${t.notes.edited}` : ''}
                </p>
                {editing?.id === note.id ? (
                  <form
                    className="panel-form"
                    noValidate
                    onSubmit={(e) => {
                      e.preventDefault();
                      void save();
                    }}
                  >
                    <TextInput
                      label={t.notes.editLabel}
                      multiline
                      isRequired
                      value={editing.text}
                      onChange={(text) => setEditing({ ...editing, text, error: undefined })}
                      error={editing.error}
                    />
                    <div className="panel-form__buttons">
                      <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
                        <span className="kern-label">{t.notes.save}</span>
                      </button>
                      <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setEditing(null)}>
                        <span className="kern-label">{t.notes.cancel}</span>
                      </button>
                    </div>
                  </form>
                ) : (
                  <p className="panel-item__body">{note.body}</p>
                )}
                {note.own && canWrite && editing?.id !== note.id ? (
                  <div className="panel-item__buttons">
                    <button type="button" className="kern-btn kern-btn--tertiary" aria-describedby={metaId} onClick={() => setEditing({ id: note.id, text: note.body })}>
                      <span className="kern-icon kern-icon--edit" aria-hidden="true" />
                      <span className="kern-label">{t.notes.edit}</span>
                    </button>
                    <button type="button" className="kern-btn kern-btn--tertiary" aria-describedby={metaId} onClick={() => setDeleting(note)}>
                      <span className="kern-icon kern-icon--delete" aria-hidden="true" />
                      <span className="kern-label">{t.notes.delete}</span>
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {canWrite ? (
        <form
          className="panel-form no-print"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <TextInput
            label={t.notes.newLabel}
            multiline
            isRequired
            value={draft}
            onChange={(v) => {
              setDraft(v);
              setError(undefined);
            }}
            error={error}
          />
          <div className="panel-form__buttons">
            <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
              <span className="kern-icon kern-icon--add" aria-hidden="true" />
              <span className="kern-label">{busy ? t.notes.saving : t.notes.add}</span>
            </button>
          </div>
        </form>
      ) : null}
      {deleting ? (
        <Modal
          title={t.notes.deleteTitle}
          role="alertdialog"
          isOpen
          onOpenChange={(open) => !open && setDeleting(null)}
          onSubmit={() => void remove()}
          footer={
            <>
              <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setDeleting(null)}>
                <span className="kern-label">{t.notes.cancel}</span>
              </button>
              <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
                <span className="kern-label">{t.notes.deleteConfirm}</span>
              </button>
            </>
          }
        >
          <p className="kern-body">{t.notes.deleteText}</p>
          <p className="kern-body panel-item__body">{deleting.body}</p>
        </Modal>
      ) : null}
    </section>
  );
}
