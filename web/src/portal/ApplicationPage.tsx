import { useEffect, useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { formatBytes, formatDate, formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert, FieldErrorText } from '../ui/Alert';
import { portalApi, type ApplicationDetail, type PortalMessage } from './api';
import { isBlocked, ScanState } from '../ui/ScanState';
import { WhoTakesPart } from '../participants/ParticipationPage';

const p = t.portal;

function MessageCard({ app, message, authority }: { app: ApplicationDetail; message: PortalMessage; authority: string }) {
  const own = message.direction === 'in';
  return (
    <li className={`portal-message${own ? ' portal-message--own' : ''}${message.kind === 'decision' ? ' portal-message--decision' : ''}`}>
      <p className="kern-body--small portal-message__meta">
        {own ? p.ownReply : message.kind === 'decision' ? p.decision : p.fromAuthority(authority)} · {formatDateTime(message.sentAt)}
        {!own && !message.readAt ? <span className="portal-new"> {p.new}</span> : null}
      </p>
      <h3 className="kern-heading-small portal-message__subject">{message.subject}</h3>
      <p className="kern-body portal-message__body">{message.body}</p>
      {message.replyBy && !own ? <p className="kern-body"><strong>{p.replyBy(formatDate(message.replyBy))}</strong></p> : null}
      {message.attachments.length ? (
        <ul className="portal-files">
          {message.attachments.map((a) => (
            <li key={a.id}>
              {isBlocked(a.scanStatus) ? (
                <span>{a.fileName}</span>
              ) : (
                <a className="kern-link" href={portalApi.fileUrl(app.id, a.id)} download={a.fileName}>{a.fileName}</a>
              )}
              <span className="muted"> ({formatBytes(a.sizeBytes)})</span> <ScanState status={a.scanStatus} />
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function ReplyForm({ app, onSent }: { app: ApplicationDetail; onSent: () => void }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<{ field?: string; detail: string }>();
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const lastQuestion = [...app.messages].reverse().find((m) => m.direction === 'out');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const form = new FormData();
    form.append('body', body);
    if (lastQuestion) form.append('inReplyTo', lastQuestion.id);
    for (const f of files) form.append('attachment', f, f.name);
    try {
      await portalApi.reply(app.id, form);
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
    <form className="portal-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="reply-heading">
      <h2 id="reply-heading" className="kern-heading-medium">{p.replyTitle}</h2>
      {error && !bodyError && !fileError ? <Alert tone="danger" title={error.detail} /> : null}
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="reply-body">{p.replyText}</label>
        <textarea id="reply-body" className="kern-form-input__input textarea" rows={5} value={body} onChange={(e) => setBody(e.target.value)}
          aria-invalid={bodyError} aria-describedby={bodyError ? 'reply-body-error' : undefined} />
        {bodyError ? <FieldErrorText id="reply-body-error">{error.detail}</FieldErrorText> : null}
      </div>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="reply-files">{p.replyFiles}</label>
        <input key={inputKey} id="reply-files" type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          aria-invalid={fileError} aria-describedby={fileError ? 'reply-files-error' : undefined} />
        {fileError ? <FieldErrorText id="reply-files-error">{error.detail}</FieldErrorText> : null}
      </div>
      <button type="submit" className="kern-btn kern-btn--primary portal-form__submit" disabled={busy}>
        <span className="kern-label">{p.replySend}</span>
      </button>
    </form>
  );
}

/** One application: status, case number, the messages and decisions, and the reply form. */
export function ApplicationPage({ id, authority }: { id: string; authority: string }) {
  const state = useAsync((signal) => portalApi.application(id, signal), [id]);
  const [notice, setNotice] = useState<string>();
  const app = state.data;
  useTitle(app ? `${app.title} (${app.caseNumber})` : p.applicationsTitle);
  useEffect(() => {
    // Opening the application shows its messages: each unread one is reported as read, once.
    for (const m of app?.messages ?? []) if (m.direction === 'out' && !m.readAt) void portalApi.markRead(id, m.id).catch(() => {});
  }, [app, id]);
  return (
    <section>
      <Link className="kern-link" href="/portal">{p.back}</Link>
      {state.error ? (
        <>
          <h1 className="kern-heading-large">{p.notFoundTitle}</h1>
          <Alert tone="danger" title={isApiError(state.error) ? state.error.detail : t.app.unexpectedError} />
        </>
      ) : !app ? <p role="status">{t.app.loading}</p> : (
        <>
          <h1 className="kern-heading-large">{app.title}</h1>
          <dl className="portal-facts">
            <div><dt>{p.caseNumber}</dt><dd>{app.caseNumber}</dd></div>
            <div><dt>{p.status}</dt><dd><span className={`portal-status portal-status--${app.status}`}>{p.statusLabels[app.status] ?? app.status}</span></dd></div>
            <div><dt>{p.receivedAt}</dt><dd>{formatDate(app.receivedAt)}</dd></div>
          </dl>
          <WhoTakesPart caseId={app.id} />
          <h2 className="kern-heading-medium">{p.messagesTitle}</h2>
          {app.messages.length ? (
            <ol className="portal-messages">{app.messages.map((m) => <MessageCard key={m.id} app={app} message={m} authority={authority} />)}</ol>
          ) : <p className="kern-body">{p.messagesEmpty}</p>}
          {notice ? <Alert tone="success" title={notice} /> : null}
          <ReplyForm app={app} onSent={() => { setNotice(p.replySent); state.reload(); }} />
        </>
      )}
    </section>
  );
}
