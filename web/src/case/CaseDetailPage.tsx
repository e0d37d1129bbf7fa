import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../api/client';
import { casesApi } from '../api/endpoints';
import { useLookups } from '../app/lookups';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { useMe } from '../auth/session';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { AttachmentList } from './AttachmentList';
import { CaseActions } from './CaseActions';
import { CaseHeader } from './CaseHeader';
import { FormDataSection } from './FormDataSection';
import { HistoryTimeline } from './HistoryTimeline';
import { DecisionPanel } from '../decisions/DecisionPanel';
import { MessagesPanel } from './MessagesPanel';
import type { Runner } from './runner';
import { LiveChangeNotice } from '../live/LiveChangeNotice';
import { NotesPanel } from './NotesPanel';
import { FollowUpsPanel } from './FollowUpsPanel';
import { TasksPanel } from '../tasks/TasksPanel';
import { RetentionPanel } from '../records/RetentionPanel';
import { DeadlinePanel } from '../deadlines/DeadlinePanel';
import { ParticipantsPanel } from '../participants/ParticipantsPanel';
import { CaseHandoverPanel } from '../xdomea/CaseHandoverPanel';
import { ReadOnlyBanner } from '../xdomea/ReadOnlyBanner';
import { ProcessorRunsPanel } from '../processors/ProcessorRunsPanel';
import { RegisterPanel } from '../registers/RegisterPanel';
import { CaseSharePanel } from '../delegation/CaseSharePanel';
import { DelegatedBanner } from '../delegation/DelegatedBanner';

/** /vorgaenge/:id — everything about one case, and what can be done with it. */
export default function CaseDetailPage({ id }: { id: string }) {
  const me = useMe();
  const lookups = useLookups();
  const caseState = useAsync((signal) => casesApi.get(id, signal), [id]);
  const eventsState = useAsync((signal) => casesApi.events(id, signal).then((r) => r.items), [id]);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [failure, setFailure] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const noticeRef = useRef<HTMLDivElement>(null);
  const detail = caseState.data;
  useTitle(detail ? `${detail.caseNumber} – ${detail.title}` : undefined);

  useEffect(() => {
    if (notice || conflict || failure) noticeRef.current?.focus();
  }, [notice, conflict, failure]);

  const run: Runner = useCallback(
    async (label, call) => {
      if (!detail) return { ok: false };
      setBusy(true);
      setNotice(undefined);
      setFailure(undefined);
      try {
        const updated = await call(detail.version);
        caseState.setData(updated);
        eventsState.reload();
        setNotice(t.caseDetail.done(label));
        return { ok: true };
      } catch (e) {
        if (isApiError(e, 'version_conflict')) {
          const who = typeof e.extra.changedBy === 'string' ? e.extra.changedBy : t.caseDetail.conflictSomeone;
          setConflict(who);
          return { ok: false };
        }
        if (isApiError(e) && e.field && e.code === 'validation_failed') return { ok: false, fieldError: e };
        setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
        return { ok: false };
      } finally {
        setBusy(false);
      }
    },
    [detail, caseState, eventsState],
  );

  const reload = () => {
    setConflict(null);
    setFailure(undefined);
    setNotice(undefined);
    caseState.reload();
    eventsState.reload();
  };

  if (!detail) {
    return (
      <section className="page">
        <Link className="kern-link no-print" href="/">
          {t.caseDetail.backToInbox}
        </Link>
        {caseState.error ? (
          <Alert tone="danger" title={isApiError(caseState.error) ? caseState.error.detail : t.app.unexpectedError} />
        ) : (
          <p role="status">{t.app.loading}</p>
        )}
      </section>
    );
  }

  // Another municipality's case worked under an agreement: only case work is open to us (server/src/delegation/access.ts).
  const delegated = Boolean(detail.delegatedFrom);
  return (
    <article className="page case-detail">
      <Link className="kern-link no-print" href="/">
        <span className="kern-icon kern-icon--arrow-back" aria-hidden="true" /> {t.caseDetail.backToInbox}
      </Link>
      <CaseHeader detail={detail} />
      <ReadOnlyBanner detail={detail} />
      <DelegatedBanner detail={detail} />
      <div ref={noticeRef} tabIndex={-1} className="case-notices no-print">
        {conflict ? null : <LiveChangeNotice caseId={detail.id} onReload={reload} onAnnotation={eventsState.reload} />}
        {conflict ? (
          <Alert tone="warning" title={t.caseDetail.conflict(conflict)}>
            <button type="button" className="kern-btn kern-btn--primary" onClick={reload}>
              <span className="kern-icon kern-icon--autorenew" aria-hidden="true" />
              <span className="kern-label">{t.caseDetail.reload}</span>
            </button>
          </Alert>
        ) : null}
        {failure ? <Alert tone="danger" title={failure} /> : null}
        {notice && !conflict && !failure ? <Alert tone="success" title={notice} /> : null}
      </div>
      <CaseActions detail={detail} me={me} lookups={lookups} run={run} busy={busy || Boolean(conflict)} />
      <div className="case-columns">
        <div className="case-columns__main">
          <DeadlinePanel detail={detail} onChanged={(updated) => { caseState.setData(updated); eventsState.reload(); }} />
          <FormDataSection formData={detail.formData ?? []} />
          {delegated ? null : <ProcessorRunsPanel detail={detail} onChanged={() => { caseState.reload(); eventsState.reload(); }} />}
          {delegated ? null : <RegisterPanel detail={detail} onChanged={eventsState.reload} />}
          <AttachmentList caseId={detail.id} attachments={detail.attachments ?? []} />
          <MessagesPanel caseId={detail.id} attachments={detail.attachments ?? []} permissions={detail.permissions} onChanged={() => { eventsState.reload(); caseState.reload(); }} />
          {delegated ? null : <ParticipantsPanel caseId={detail.id} attachments={detail.attachments ?? []} permissions={detail.permissions} onChanged={eventsState.reload} />}
          <DecisionPanel detail={detail} onChanged={reload} />
          {delegated ? null : <TasksPanel caseId={detail.id} permissions={detail.permissions} onChanged={eventsState.reload} />}
          {delegated ? null : <FollowUpsPanel caseId={detail.id} permissions={detail.permissions} onChanged={eventsState.reload} />}
          <NotesPanel caseId={detail.id} permissions={detail.permissions} onChanged={eventsState.reload} />
          {delegated ? null : <CaseSharePanel caseId={detail.id} onChanged={eventsState.reload} />}
          {delegated ? null : <CaseHandoverPanel detail={detail} onChanged={eventsState.reload} />}
          {delegated ? null : <RetentionPanel key={`${detail.id}:${detail.status}`} caseId={detail.id} onChanged={eventsState.reload} />}
        </div>
        <aside className="case-columns__side" aria-label={t.caseDetail.history}>
          <HistoryTimeline events={eventsState.data} />
        </aside>
      </div>
    </article>
  );
}
