import { useEffect, useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { formatBytes, formatDateTime, formatNumber } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { exportApi, type TenantExport } from './exportApi';
import './records.css';

const x = t.tenantExport;
const POLL_MS = 1000;

function Progress({ job }: { job: TenantExport }) {
  const total = Math.max(job.casesTotal, 1);
  return (
    <div className="kern-progress">
      <label className="kern-label" htmlFor="export-progress">{x.progressLabel}</label>
      <progress id="export-progress" max={total} value={job.casesDone} aria-valuetext={x.progress(job.casesDone, job.casesTotal, job.filesDone)} />
      <p className="kern-body" aria-live="polite">{x.progress(job.casesDone, job.casesTotal, job.filesDone)}</p>
    </div>
  );
}

function Latest({ job }: { job: TenantExport }) {
  if (job.status === 'running') return <Progress job={job} />;
  if (job.status === 'failed') return <Alert tone="danger" title={x.failed(formatDateTime(job.createdAt))} />;
  return (
    <div className="export-ready">
      <Alert tone="success" title={x.done(formatDateTime(job.finishedAt ?? job.createdAt))}>
        <p className="kern-body">{x.summary(formatNumber(job.casesTotal), formatNumber(job.filesDone), formatBytes(job.sizeBytes ?? 0))}</p>
      </Alert>
      {job.downloadable ? (
        <a className="kern-btn kern-btn--primary" href={exportApi.downloadUrl(job.id)} download>
          <span className="kern-icon kern-icon--download" aria-hidden="true" />
          <span className="kern-label">{x.download}</span>
        </a>
      ) : null}
      {job.sha256 ? <p className="kern-body muted export-hash">{x.hash}: <code>{job.sha256}</code></p> : null}
    </div>
  );
}

/** /verwaltung/export — the tenant admin exports everything of the municipality (no lock-in). */
export function TenantExportSection() {
  const list = useAsync((signal) => exportApi.list(signal), []);
  const [job, setJob] = useState<TenantExport>();
  const [failure, setFailure] = useState<string>();
  const [starting, setStarting] = useState(false);
  const current = job ?? list.data?.items[0];

  useEffect(() => {
    if (current?.status !== 'running') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      exportApi.get(current.id, controller.signal).then(setJob, () => {});
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [current]);

  const start = async () => {
    setFailure(undefined);
    setStarting(true);
    try {
      setJob(await exportApi.start());
    } catch (error) {
      setFailure(isApiError(error) ? error.detail : t.app.unexpectedError);
    } finally {
      setStarting(false);
    }
  };

  return (
    <section aria-labelledby="export-heading" className="export-section">
      <h2 id="export-heading" className="kern-heading-medium">{x.title}</h2>
      <p className="kern-body">{x.intro}</p>
      <p className="kern-body">{x.contents}</p>
      <p className="kern-body">{x.notContained}</p>
      {failure ? <Alert tone="danger" title={failure} /> : null}
      {list.error ? <Alert tone="danger" title={t.app.unexpectedError} /> : null}
      {current ? <Latest job={current} /> : null}
      <button type="button" className="kern-btn kern-btn--secondary" disabled={starting || current?.status === 'running'} onClick={() => void start()}>
        <span className="kern-label">{current ? x.startAgain : x.start}</span>
      </button>
    </section>
  );
}
