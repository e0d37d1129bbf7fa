import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import type { Attachment, CasePermission } from '../api/types';
import { useAsync } from '../app/useAsync';
import { messagesApi } from '../case/messagesApi';
import { formatDate, formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert, FieldErrorText } from '../ui/Alert';
import { participantsApi, type InviteBody, type Participant } from './api';
import './participants.css';

const x = t.participants;
type Failure = { field?: string; detail: string };
const failureOf = (e: unknown): Failure => (isApiError(e) ? { field: e.field, detail: e.detail } : { detail: t.app.unexpectedError });

export function StatementState({ statement }: { statement: Participant['statement'] }) {
  if (!statement) return null;
  if (statement.receivedAt) return <span className="participant-badge participant-badge--done">{x.statementReceived(formatDate(statement.receivedAt))}</span>;
  if (statement.overdue) return <span className="participant-badge participant-badge--overdue">{x.statementOverdue(formatDate(statement.dueOn))}</span>;
  return <span className="participant-badge">{x.statementOpen(formatDate(statement.dueOn))}</span>;
}

function InviteForm({ caseId, onInvited }: { caseId: string; onInvited: (p: Participant) => void }) {
  const [draft, setDraft] = useState({ role: 'representative', profession: 'lawyer', name: '', email: '', mailboxIdentifier: '' });
  const [error, setError] = useState<Failure>();
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = {
      role: draft.role, name: draft.name,
      ...(draft.role === 'representative' ? { profession: draft.profession } : {}),
      ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
      ...(draft.mailboxIdentifier.trim() ? { mailboxIdentifier: draft.mailboxIdentifier.trim() } : {}),
    } as InviteBody;
    try {
      onInvited(await participantsApi.invite(caseId, body));
      setDraft((d) => ({ ...d, name: '', email: '', mailboxIdentifier: '' }));
    } catch (err) {
      setError(failureOf(err));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => (error?.field === field ? error.detail : undefined);
  const input = (field: 'name' | 'email' | 'mailboxIdentifier', label: string, type = 'text') => (
    <div className="kern-form-input">
      <label className="kern-label" htmlFor={`participant-${field}`}>{label}</label>
      <input id={`participant-${field}`} className="kern-form-input__input" type={type} value={draft[field]} onChange={(e) => set(field)(e.target.value)}
        aria-invalid={Boolean(fieldError(field))} aria-describedby={fieldError(field) ? `participant-${field}-error` : undefined} />
      {fieldError(field) ? <FieldErrorText id={`participant-${field}-error`}>{fieldError(field)}</FieldErrorText> : null}
    </div>
  );
  return (
    <form className="participant-invite" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="participant-invite-heading">
      <h3 id="participant-invite-heading" className="kern-heading-small">{x.invite}</h3>
      {error && !['name', 'email', 'mailboxIdentifier'].includes(error.field ?? '') ? <Alert tone="danger" title={error.detail} /> : null}
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="participant-role">{x.role}</label>
        <select id="participant-role" className="kern-form-input__select" value={draft.role} onChange={(e) => set('role')(e.target.value)}>
          {Object.entries(x.roles).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      {draft.role === 'representative' ? (
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="participant-profession">{x.profession}</label>
          <select id="participant-profession" className="kern-form-input__select" value={draft.profession} onChange={(e) => set('profession')(e.target.value)}>
            {Object.entries(x.professions).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
      ) : null}
      {input('name', x.name)}
      {input('email', x.email, 'email')}
      {input('mailboxIdentifier', x.mailbox)}
      <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{x.inviteSubmit}</span></button>
    </form>
  );
}

function ParticipantCard({ caseId, participant, messages, attachments, canManage, onChanged, onStatus }: {
  caseId: string; participant: Participant; messages: Array<{ id: string; subject: string }>; attachments: Attachment[]; canManage: boolean;
  onChanged: (p: Participant | null) => void; onStatus: (text: string) => void;
}) {
  const [due, setDue] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Failure>();
  const sharedIds = new Set(participant.shares.map((s) => `${s.itemKind}:${s.itemId}`));
  const active = !participant.revokedAt;
  const run = async (call: () => Promise<Participant | null>, status: (p: Participant | null) => string) => {
    setError(undefined);
    try {
      const updated = await call();
      onChanged(updated);
      onStatus(status(updated));
    } catch (e) {
      setError(failureOf(e));
    }
  };
  const toggle = (kind: 'message' | 'attachment', id: string, on: boolean) =>
    run(() => participantsApi.share(caseId, participant.id, kind, id, on), () => (on ? x.shared : x.unshared));
  const headingId = `participant-${participant.id}`;
  const checkbox = (kind: 'message' | 'attachment', id: string, label: string) => (
    <div key={id} className="kern-form-check">
      <input className="kern-form-check__checkbox" type="checkbox" id={`share-${participant.id}-${id}`} checked={sharedIds.has(`${kind}:${id}`)}
        disabled={!canManage || !active} onChange={(e) => void toggle(kind, id, e.target.checked)} />
      <label className="kern-label" htmlFor={`share-${participant.id}-${id}`}>{label}</label>
    </div>
  );
  return (
    <li className="participant-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="kern-heading-small">{participant.name}</h3>
      <p className="kern-body--small">
        {x.roles[participant.role]}{participant.profession ? ` – ${x.professions[participant.profession]}` : ''} · {participant.email ?? participant.mailboxIdentifier}
        <br />{x.invitedBy(participant.invitedBy, formatDate(participant.invitedAt))} · {participant.lastAccessAt ? x.lastAccess(formatDateTime(participant.lastAccessAt)) : x.neverAccessed}
      </p>
      <StatementState statement={participant.statement} />
      {participant.revokedAt ? <p className="kern-body--small">{x.revokedAt(formatDate(participant.revokedAt))}</p> : null}
      {error ? <Alert tone="danger" title={error.detail} /> : null}
      {active ? (
        <>
          <fieldset className="kern-fieldset participant-shares">
            <legend className="kern-label">{x.shareTitle(participant.name)}</legend>
            {messages.length + attachments.length === 0 ? <p className="kern-body--small">{x.nothingToShare}</p> : null}
            {messages.length ? <p className="kern-body--small participant-shares__group">{x.shareMessages}</p> : null}
            {messages.map((m) => checkbox('message', m.id, m.subject))}
            {attachments.length ? <p className="kern-body--small participant-shares__group">{x.shareDocuments}</p> : null}
            {attachments.map((a) => checkbox('attachment', a.id, a.fileName))}
          </fieldset>
          {canManage ? (
            <form className="participant-statement" noValidate onSubmit={(e) => {
              e.preventDefault();
              void run(() => participantsApi.requestStatement(caseId, participant.id, { dueOn: due, ...(note.trim() ? { note: note.trim() } : {}) }), (p) =>
                p?.statement?.movedBecause && p.statement.requestedOn
                  ? `${x.statementRequested(formatDate(p.statement.dueOn))} ${x.statementMoved(formatDate(p.statement.requestedOn), p.statement.movedBecause)}`
                  : x.statementRequested(formatDate(p?.statement?.dueOn ?? due)));
            }}>
              <div className="kern-form-input">
                <label className="kern-label" htmlFor={`due-${participant.id}`}>{x.statementDue}</label>
                <input id={`due-${participant.id}`} className="kern-form-input__input" type="date" value={due} onChange={(e) => setDue(e.target.value)}
                  aria-invalid={error?.field === 'dueOn'} />
              </div>
              <div className="kern-form-input">
                <label className="kern-label" htmlFor={`note-${participant.id}`}>{x.statementNote}</label>
                <input id={`note-${participant.id}`} className="kern-form-input__input" value={note} onChange={(e) => setNote(e.target.value)} />
              </div>
              <div className="participant-actions">
                <button type="submit" className="kern-btn kern-btn--secondary"><span className="kern-label">{x.statementSubmit}</span></button>
                <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void run(async () => {
                  await participantsApi.revoke(caseId, participant.id);
                  return null;
                }, () => x.revoked)}><span className="kern-label">{x.revoke}</span></button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
    </li>
  );
}

/** The Antragsraum of a case: who takes part, what each of them may see, and the statements asked of them. */
export function ParticipantsPanel({ caseId, attachments, permissions, onChanged }: {
  caseId: string; attachments: Attachment[]; permissions: readonly CasePermission[]; onChanged: () => void;
}) {
  const canManage = permissions.includes('participant.manage');
  const list = useAsync((signal) => participantsApi.list(caseId, signal).then((r) => r.items), [caseId]);
  const messages = useAsync((signal) => messagesApi.list(caseId, signal).then((r) => r.items.filter((m) => m.channel !== 'participant')), [caseId]);
  const [status, setStatus] = useState('');
  const items = list.data ?? [];
  const changed = (text: string) => {
    setStatus(text);
    list.reload();
    onChanged();
  };
  return (
    <section className="case-section participants-panel" aria-labelledby="participants-heading">
      <h2 id="participants-heading" className="kern-heading-medium">{x.title}</h2>
      <p className="kern-body--small">{x.intro}</p>
      <p className="kern-sr-only" role="status" aria-live="polite">{status}</p>
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      {list.data && items.length === 0 ? <p className="kern-body">{x.none}</p> : null}
      <ul className="participant-list">
        {items.map((p) => (
          <ParticipantCard key={p.id} caseId={caseId} participant={p} messages={messages.data ?? []} attachments={attachments} canManage={canManage}
            onChanged={() => list.reload()} onStatus={changed} />
        ))}
      </ul>
      {canManage ? <InviteForm caseId={caseId} onInvited={(p) => changed(x.invited(p.name))} /> : null}
    </section>
  );
}
