import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { formatBytes, formatDate, formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert, FieldErrorText } from '../ui/Alert';
import { isBlocked, ScanState } from '../ui/ScanState';
import { participationApi, type Participation } from './portal-api';

const q = t.portalParticipation;
const p = t.portal;
type File = Participation['documents'][number];

function FileList({ caseId, files }: { caseId: string; files: File[] }) {
  return (
    <ul className="portal-files">
      {files.map((a) => (
        <li key={a.id}>
          {isBlocked(a.scanStatus) ? <span>{a.fileName}</span> : <a className="kern-link" href={participationApi.fileUrl(caseId, a.id)} download={a.fileName}>{a.fileName}</a>}
          <span className="muted"> ({formatBytes(a.sizeBytes)})</span> <ScanState status={a.scanStatus} />
        </li>
      ))}
    </ul>
  );
}

function ContributionForm({ view, onSent }: { view: Participation; onSent: () => void }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<globalThis.File[]>([]);
  const asked = Boolean(view.statement && !view.statement.receivedAt);
  const [statement, setStatement] = useState(asked);
  const [error, setError] = useState<{ field?: string; detail: string }>();
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const form = new FormData();
    form.append('body', body);
    form.append('statement', statement ? 'true' : 'false');
    for (const f of files) form.append('attachment', f, f.name);
    try {
      await participationApi.contribute(view.caseId, form);
      setBody('');
      setFiles([]);
      setInputKey((k) => k + 1);
      onSent();
    } catch (err) {
      setError(isApiError(err) ? { field: err.field, detail: err.detail } : { detail: t.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };
  const bodyError = error?.field === 'body';
  const fileError = error?.field === 'attachment';
  return (
    <form className="portal-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="contribution-heading">
      <h2 id="contribution-heading" className="kern-heading-medium">{q.formTitle}</h2>
      {error && !bodyError && !fileError ? <Alert tone="danger" title={error.detail} /> : null}
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="contribution-body">{q.text}</label>
        <textarea id="contribution-body" className="kern-form-input__input textarea" rows={5} value={body} onChange={(e) => setBody(e.target.value)}
          aria-invalid={bodyError} aria-describedby={bodyError ? 'contribution-body-error' : undefined} />
        {bodyError ? <FieldErrorText id="contribution-body-error">{error.detail}</FieldErrorText> : null}
      </div>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="contribution-files">{q.files}</label>
        <input key={inputKey} id="contribution-files" type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          aria-invalid={fileError} aria-describedby={fileError ? 'contribution-files-error' : undefined} />
        {fileError ? <FieldErrorText id="contribution-files-error">{error.detail}</FieldErrorText> : null}
      </div>
      {view.statement ? (
        <div className="kern-form-check">
          <input className="kern-form-check__checkbox" type="checkbox" id="contribution-statement" checked={statement} onChange={(e) => setStatement(e.target.checked)} />
          <label className="kern-label" htmlFor="contribution-statement">{q.isStatement}</label>
        </div>
      ) : null}
      <button type="submit" className="kern-btn kern-btn--primary portal-form__submit" disabled={busy}><span className="kern-label">{q.send}</span></button>
    </form>
  );
}

/** A case the signed-in person takes part in: only what the authority shared, their own contributions, and the statement asked of them. */
export function ParticipationPage({ caseId, authority }: { caseId: string; authority: string }) {
  const state = useAsync((signal) => participationApi.get(caseId, signal), [caseId]);
  const [notice, setNotice] = useState<string>();
  const view = state.data;
  useTitle(view ? `${view.service} (${view.caseNumber})` : q.listTitle);
  return (
    <section>
      <Link className="kern-link" href="/portal">{p.back}</Link>
      {state.error ? (
        <>
          <h1 className="kern-heading-large">{p.notFoundTitle}</h1>
          <Alert tone="danger" title={isApiError(state.error) ? state.error.detail : t.app.unexpectedError} />
        </>
      ) : !view ? <p role="status">{t.app.loading}</p> : (
        <>
          <h1 className="kern-heading-large">{view.service}</h1>
          <dl className="portal-facts">
            <div><dt>{p.caseNumber}</dt><dd>{view.caseNumber}</dd></div>
            <div><dt>{p.status}</dt><dd><span className={`portal-status portal-status--${view.status}`}>{p.statusLabels[view.status] ?? view.status}</span></dd></div>
            <div><dt>{t.participants.role}</dt><dd>{t.participants.roles[view.role]}</dd></div>
          </dl>
          {view.statement ? (
            <Alert tone={view.statement.receivedAt ? 'success' : 'info'}
              title={view.statement.receivedAt ? q.statementDone(formatDate(view.statement.receivedAt)) : q.statementAsked(formatDate(view.statement.dueOn))}>
              {view.statement.note ? <p className="kern-body">{view.statement.note}</p> : null}
            </Alert>
          ) : null}
          <h2 className="kern-heading-medium">{q.sharedTitle}</h2>
          {view.messages.length === 0 && view.documents.length === 0 ? <p className="kern-body">{q.sharedEmpty}</p> : null}
          {view.messages.length ? (
            <ol className="portal-messages">
              {view.messages.map((m) => (
                <li key={m.id} className={`portal-message${m.own ? ' portal-message--own' : ''}`}>
                  <p className="kern-body--small portal-message__meta">{m.own ? q.ownContribution : `${q.fromAuthority} (${authority})`} · {formatDateTime(m.sentAt)}</p>
                  <h3 className="kern-heading-small portal-message__subject">{m.subject}</h3>
                  <p className="kern-body portal-message__body">{m.body}</p>
                  {m.attachments.length ? <FileList caseId={view.caseId} files={m.attachments} /> : null}
                </li>
              ))}
            </ol>
          ) : null}
          {view.documents.length ? (
            <>
              <h3 className="kern-heading-small">{q.documentsTitle}</h3>
              <FileList caseId={view.caseId} files={view.documents} />
            </>
          ) : null}
          {notice ? <Alert tone="success" title={notice} /> : null}
          <ContributionForm view={view} onSent={() => { setNotice(q.sent); state.reload(); }} />
        </>
      )}
    </section>
  );
}

/** On the portal's start page: the cases the person takes part in (beside their own applications). */
export function ParticipationList() {
  const state = useAsync((signal) => participationApi.list(signal), []);
  const items = state.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby="participations-heading">
      <h2 id="participations-heading" className="kern-heading-medium">{q.listTitle}</h2>
      <ul className="portal-list">
        {items.map((a) => (
          <li key={a.caseId} className="portal-card portal-card--link">
            <h3 className="kern-heading-small portal-card__title">
              <Link className="kern-link" href={`/portal/beteiligungen/${a.caseId}`}>{a.service}</Link>
            </h3>
            <dl className="portal-facts">
              <div><dt>{p.caseNumber}</dt><dd>{a.caseNumber}</dd></div>
              <div><dt>{t.participants.role}</dt><dd>{t.participants.roles[a.role]}</dd></div>
            </dl>
            {a.statement && !a.statement.receivedAt ? <p className="portal-unread"><strong>{q.statementAsked(formatDate(a.statement.dueOn))}</strong></p> : null}
            {!a.signInSufficient ? <p className="kern-body">{q.higherSignIn}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** On the applicant's own application: who else takes part (names and roles only). */
export function WhoTakesPart({ caseId }: { caseId: string }) {
  const state = useAsync((signal) => participationApi.whoTakesPart(caseId, signal), [caseId]);
  const items = state.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby="who-heading">
      <h2 id="who-heading" className="kern-heading-medium">{q.whoTakesPart}</h2>
      <ul className="portal-files">
        {items.map((w) => <li key={`${w.name}-${w.since}`}>{w.name} – {t.participants.roles[w.role]}{w.profession ? ` (${t.participants.professions[w.profession]})` : ''}</li>)}
      </ul>
    </section>
  );
}
