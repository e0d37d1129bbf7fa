import { useEffect, useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { casesApi } from '../api/endpoints';
import type { Attachment, CasePermission } from '../api/types';
import { useAsync } from '../app/useAsync';
import { formatDate, formatDateTime, isIsoDate } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert, FieldErrorText } from '../ui/Alert';
import { DateField } from '../ui/DateField';
import { messagesApi, type CaseMessage } from './messagesApi';
import { LetterState } from './LetterState';
import { RouteNotice, useMessageRoute } from './RouteNotice';
import { isBlocked, ScanState } from '../ui/ScanState';
import './messages.css';

const m = t.mailbox;

function DeliveryState({ caseId, message, onRetried }: { caseId: string; message: CaseMessage; onRetried: () => void }) {
  const [busy, setBusy] = useState(false);
  if (message.direction === 'in') return null;
  return (
    <p className="message__state">
      <span className={`delivery delivery--${message.deliveryStatus}`}>{m.status[message.deliveryStatus]}</span>
      <span className="muted"> · {m.channel[message.channel] ?? message.channel}</span>
      {message.failureReason ? <span className="muted"> · {message.failureReason}</span> : null}
      {message.lastAttemptError && message.nextAttemptAt ? (
        <span className="muted"> · {m.retrying(message.lastAttemptError, formatDateTime(message.nextAttemptAt))}</span>
      ) : null}
      {message.canRetry ? (
        <button
          type="button"
          className="kern-btn kern-btn--secondary kern-btn--x-small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void messagesApi.retry(caseId, message.id).finally(() => {
              setBusy(false);
              onRetried();
            });
          }}
        >
          <span className="kern-label">{m.retry}</span>
        </button>
      ) : null}
    </p>
  );
}

function Thread({ caseId, items, onChanged }: { caseId: string; items: CaseMessage[]; onChanged: (notice?: string) => void }) {
  if (!items.length) return <p className="kern-body muted">{m.empty}</p>;
  return (
    <ol className="messages">
      {items.map((message) => (
        <li key={message.id} className={`message message--${message.direction}`}>
          <p className="message__meta kern-body--small">
            <strong>{message.direction === 'in' ? m.fromApplicant : message.kind === 'decision' ? m.decision : m.toApplicant}</strong>
            {' · '}
            {m.by(message.author, formatDateTime(message.createdAt))}
          </p>
          <h3 className="kern-heading-small message__subject">{message.subject}</h3>
          <p className="message__body kern-body">{message.body}</p>
          {message.replyBy ? <p className="kern-body--small">{m.replyByText(formatDate(message.replyBy))}</p> : null}
          {message.attachments.length ? (
            <ul className="message__files" aria-label={m.attachments}>
              {message.attachments.map((a) => (
                <li key={a.id}>
                  {isBlocked(a.scanStatus) ? (
                    <span>{a.fileName}</span>
                  ) : (
                    <a className="kern-link" href={casesApi.attachmentUrl(caseId, a.id)} download={a.fileName}>
                      {a.fileName}
                    </a>
                  )}{' '}
                  <ScanState status={a.scanStatus} />
                </li>
              ))}
            </ul>
          ) : null}
          {message.letter ? (
            <LetterState caseId={caseId} message={message} onConfirmed={onChanged} />
          ) : (
            <DeliveryState caseId={caseId} message={message} onRetried={onChanged} />
          )}
        </li>
      ))}
    </ol>
  );
}

function Composer({ caseId, attachments, onSent, onCancel }: { caseId: string; attachments: Attachment[]; onSent: (notice: string) => void; onCancel: () => void }) {
  const route = useMessageRoute(caseId);
  const [asLetter, setAsLetter] = useState(false);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [replyBy, setReplyBy] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<{ field?: string; detail: string; letterPossible?: boolean }>();
  const [busy, setBusy] = useState(false);
  // A letter when the only way is paper, when the caseworker chose paper, or after the server said so.
  const letter = route.data?.channel === 'letter' || asLetter;
  const send = async (paper: boolean) => {
    if (replyBy && !isIsoDate(replyBy)) return setError({ field: 'replyBy', detail: t.dateField.invalid });
    setBusy(true);
    setError(undefined);
    try {
      await messagesApi.send(caseId, { subject, body, replyBy, attachmentIds: chosen, files, asLetter: paper });
      onSent(paper ? m.letter.created : m.sent);
    } catch (err) {
      setError(isApiError(err)
        ? { field: err.field, detail: err.detail, letterPossible: err.code === 'no_electronic_route' && err.extra.letterPossible === true }
        : { detail: t.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(letter);
  };
  const fieldError = (field: string) => (error?.field === field ? <FieldErrorText id={`msg-${field}-error`}>{error.detail}</FieldErrorText> : null);
  return (
    <form className="composer" onSubmit={submit} noValidate>
      <RouteNotice route={route.data} error={route.error} asLetter={asLetter} onAsLetter={setAsLetter} idPrefix="msg" />
      {error && !['subject', 'body', 'replyBy'].includes(error.field ?? '') ? (
        <Alert tone="danger" title={error.detail}>
          {error.letterPossible ? (
            <button type="button" className="kern-btn kern-btn--secondary" disabled={busy} onClick={() => void send(true)}>
              <span className="kern-label">{m.route.asLetter}</span>
            </button>
          ) : null}
        </Alert>
      ) : null}
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="msg-subject">{m.subject}</label>
        <input id="msg-subject" className="kern-form-input__input" value={subject} onChange={(e) => setSubject(e.target.value)} required maxLength={200}
          aria-invalid={error?.field === 'subject'} aria-describedby={error?.field === 'subject' ? 'msg-subject-error' : undefined} />
        {fieldError('subject')}
      </div>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="msg-body">{m.body}</label>
        <textarea id="msg-body" className="kern-form-input__input textarea" rows={6} value={body} onChange={(e) => setBody(e.target.value)} required
          aria-invalid={error?.field === 'body'} aria-describedby={error?.field === 'body' ? 'msg-body-error' : undefined} />
        {fieldError('body')}
      </div>
      <DateField id="msg-reply-by" label={m.replyBy} value={replyBy} onChange={setReplyBy} error={error?.field === 'replyBy' ? error.detail : undefined} />
      {attachments.length ? (
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{m.caseFiles}</legend>
          {attachments.filter((a) => !isBlocked(a.scanStatus)).map((a) => (
            <div className="kern-form-check" key={a.id}>
              <input id={`msg-file-${a.id}`} type="checkbox" className="kern-form-check__input" checked={chosen.includes(a.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, a.id] : chosen.filter((id) => id !== a.id))} />
              <label className="kern-label" htmlFor={`msg-file-${a.id}`}>{a.fileName}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="msg-upload">{m.upload}</label>
        <input id="msg-upload" type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
      </div>
      <div className="composer__buttons">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy || route.data?.channel === null}>
          <span className="kern-label">{letter ? m.route.asLetter : m.send}</span>
        </button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onCancel}>
          <span className="kern-label">{m.cancel}</span>
        </button>
      </div>
    </form>
  );
}

/** The messages with the applicant, threaded per case, with delivery state, retry and a form to write. */
export function MessagesPanel({ caseId, attachments, permissions, onChanged }: { caseId: string; attachments: Attachment[]; permissions: readonly CasePermission[]; onChanged?: () => void }) {
  const state = useAsync((signal) => messagesApi.list(caseId, signal), [caseId]);
  const [composing, setComposing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const unread = state.data?.unreadReply;
  useEffect(() => {
    if (unread) void messagesApi.seen(caseId).catch(() => {});
  }, [unread, caseId]);
  const changed = (message?: string) => {
    if (message) setNotice(message);
    state.reload();
    onChanged?.();
  };
  return (
    <section className="case-section" aria-labelledby="messages-heading">
      <h2 id="messages-heading" className="kern-heading-medium">
        {m.title} ({state.data?.items.length ?? 0})
      </h2>
      {unread ? <Alert tone="info" title={m.unreadReply} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      {state.error ? <Alert tone="danger" title={isApiError(state.error) ? state.error.detail : t.app.unexpectedError} /> : null}
      {state.data ? <Thread caseId={caseId} items={state.data.items} onChanged={changed} /> : <p role="status">{t.app.loading}</p>}
      {composing ? (
        <Composer caseId={caseId} attachments={attachments} onCancel={() => setComposing(false)} onSent={(message) => {
          setComposing(false);
          changed(message);
        }} />
      ) : permissions.includes('message.send') ? (
        <div className="no-print">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => { setNotice(undefined); setComposing(true); }}>
            <span className="kern-icon kern-icon--mail" aria-hidden="true" />
            <span className="kern-label">{m.compose}</span>
          </button>
        </div>
      ) : null}
    </section>
  );
}
