import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { formatDate, isIsoDate } from '../i18n/format';
import { t } from '../i18n/de';
import { DateField } from '../ui/DateField';
import { messagesApi, type CaseMessage } from './messagesApi';

const l = t.mailbox.letter;
const berlinToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

/** A printed letter in the thread: its PDF to print, and "per Post versandt am …" once the caseworker confirms it. */
export function LetterState({ caseId, message, onConfirmed }: { caseId: string; message: CaseMessage; onConfirmed: (notice: string) => void }) {
  const [postedOn, setPostedOn] = useState(berlinToday());
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const letter = message.letter!;
  const file = message.attachments.find((a) => a.id === letter.attachmentId)?.fileName ?? `Brief-${message.id}.pdf`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!postedOn) return setError(l.required);
    if (!isIsoDate(postedOn)) return setError(t.dateField.invalid);
    setBusy(true);
    setError(undefined);
    try {
      await messagesApi.confirmPosted(caseId, message.id, postedOn);
      onConfirmed(l.confirmed);
    } catch (err) {
      setError(isApiError(err) ? err.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="letter-state">
      <p className="message__state">
        <span className={`delivery delivery--${letter.postedOn ? 'sent' : 'queued'}`}>
          {letter.postedOn ? l.posted(formatDate(letter.postedOn), letter.postedBy ?? '') : l.ready}
        </span>
        {' '}
        <a className="kern-link" href={messagesApi.letterUrl(caseId, message.id)} download={file} aria-label={l.download(file)}>
          <span className="kern-icon kern-icon--download" aria-hidden="true" />
          {l.downloadShort}
        </a>
      </p>
      {letter.postedOn ? null : (
        <form className="letter-state__confirm no-print" onSubmit={(e) => void submit(e)} noValidate>
          <DateField id={`posted-${message.id}`} label={l.postedOn} value={postedOn} onChange={setPostedOn} isRequired max={berlinToday()}
            error={error} />
          <button type="submit" className="kern-btn kern-btn--secondary kern-btn--small" disabled={busy}>
            <span className="kern-label">{l.confirm}</span>
          </button>
        </form>
      )}
    </div>
  );
}
