import { useEffect, useState } from 'react';
import { isApiError } from '../api/client';
import type { CaseDetail } from '../api/types';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { useLiveEvents } from '../live/liveEvents';
import { Alert } from '../ui/Alert';
import { processorsApi, type ProcessorRun } from './api';
import { RunResults } from './RunResults';
import './processors.css';

const x = t.processors;
/** While a run is pending the panel asks again this often: a finished run changes no case, so no live event says so. */
const POLL_MS = 2000;

function RunState({ run }: { run: ProcessorRun }) {
  return <span className={`processor-state processor-state--${run.status}`}>{x.state[run.status]}</span>;
}

/**
 * „Prüfergebnisse“ on the case page: every processor run of the case (newest first) with its state,
 * its checks sorted by severity, extracted values and the suggestion — applied by a person with the
 * case.transition permission, or marked as applied automatically. Pending runs are polled; a live
 * change of the case (e.g. an automatic routing) refreshes the list too.
 */
export function ProcessorRunsPanel({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const runs = useAsync((signal) => processorsApi.runs(detail.id, signal).then((r) => r.items), [detail.id]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [status, setStatus] = useState('');
  const may = detail.permissions.includes('case.transition');
  const pending = (runs.data ?? []).some((r) => r.status === 'pending');

  useLiveEvents((m) => {
    if (m.caseId === detail.id || m.type === 'reconnected') runs.reload();
  });
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(runs.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, runs.data, runs.reload]);

  const act = async (call: () => Promise<unknown>, done: string, changesCase: boolean) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await call();
      setStatus(done);
      runs.reload();
      if (changesCase) onChanged();
    } catch (e) {
      setFailure(isApiError(e, 'version_conflict') ? x.conflict : isApiError(e) ? e.detail : t.app.unexpectedError);
      runs.reload();
    } finally {
      setBusy(false);
    }
  };

  const items = runs.data ?? [];
  return (
    <section className="case-section processor-panel" aria-labelledby="processor-heading">
      <div className="processor-panel__head">
        <h2 id="processor-heading" className="kern-heading-medium">{x.panelTitle}</h2>
        <div className="processor-panel__tools">
          <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => { setStatus(''); runs.reload(); }}>
            <span className="kern-icon kern-icon--autorenew" aria-hidden="true" />
            <span className="kern-label">{x.refresh}</span>
          </button>
          {may ? (
            <button type="button" className="kern-btn kern-btn--secondary" disabled={busy} onClick={() => void act(() => processorsApi.start(detail.id), x.started, false)}>
              <span className="kern-label">{x.runAgain}</span>
            </button>
          ) : null}
        </div>
      </div>
      <p className="kern-sr-only" role="status" aria-live="polite">{status}</p>
      {failure ? <Alert tone="danger" title={failure} /> : null}
      {runs.error ? <Alert tone="danger" title={isApiError(runs.error) ? runs.error.detail : t.app.unexpectedError} /> : null}
      {runs.data && items.length === 0 ? <p className="kern-body muted">{x.none}</p> : null}
      {!runs.data && !runs.error ? <p className="kern-body muted" role="status">{t.app.loading}</p> : null}
      <ul className="processor-runs">
        {items.map((run) => (
          <li key={run.id} className="processor-run">
            <h3 className="kern-heading-small processor-run__title">
              {run.processor.name} <RunState run={run} />
            </h3>
            <p className="kern-body muted">
              {run.trigger === 'case_created' ? x.triggerIntake : x.triggerManual(run.startedBy)} · {formatDateTime(run.createdAt)}
              {run.finishedAt ? ` · ${x.finishedAt(formatDateTime(run.finishedAt))}` : ''}
            </p>
            {run.lastError ? (
              <Alert tone={run.status === 'failed' ? 'danger' : 'warning'} title={run.status === 'failed' ? x.failedAfter(run.attempts) : x.retrying(run.attempts)}>
                <p className="kern-body">{x.lastError(run.lastError)}</p>
              </Alert>
            ) : null}
            {run.status === 'done' ? (
              <RunResults run={run} may={may} busy={busy}
                onApply={() => void act(() => processorsApi.apply(detail.id, run.id, detail.version), x.appliedDone, true)}
                onDismiss={() => void act(() => processorsApi.dismiss(detail.id, run.id), x.dismissedDone, false)} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
