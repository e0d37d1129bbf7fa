import { useRef, useState } from 'react';
import type { CaseSummary } from '../api/types';
import type { Lookups } from '../app/lookups';
import { AssignDialog } from '../case/ActionDialogs';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { runBulk, type BulkAction, type BulkResult } from './bulkApi';
import './bulk.css';

interface BulkBarProps {
  selected: Set<string>;
  items: CaseSummary[];
  lookups: Lookups;
  onClear: () => void;
  /** After a run: keep only the failed cases selected and refresh the list. */
  onFinished: (failedIds: Set<string>) => void;
}

interface Summary {
  action: BulkAction;
  ok: number;
  failed: { caseNumber: string; detail: string }[];
}

/** Bulk actions on the selected cases with a progress bar and a summary of what failed and why. */
export function BulkBar({ selected, items, lookups, onClear, onFinished }: BulkBarProps) {
  const [assigning, setAssigning] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const numberOf = new Map(items.map((c) => [c.id, c.caseNumber]));

  const run = async (action: BulkAction, assigneeId?: string | null) => {
    const ids = [...selected];
    setAssigning(false);
    setSummary(null);
    setProgress({ done: 0, total: ids.length });
    let results: BulkResult[];
    try {
      results = await runBulk(action, ids, assigneeId, (done) => setProgress({ done, total: ids.length }));
    } finally {
      setProgress(null);
    }
    const failed = results.filter((r) => !r.ok);
    setSummary({
      action,
      ok: results.length - failed.length,
      failed: failed.map((r) => ({ caseNumber: numberOf.get(r.caseId) ?? r.caseId, detail: r.detail ?? r.code ?? '' })),
    });
    onFinished(new Set(failed.map((r) => r.caseId)));
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const busy = progress !== null;
  return (
    <div className="bulk-bar" role="region" aria-label={t.bulk.region}>
      {selected.size > 0 || busy ? (
        <div className="bulk-bar__actions">
          <span className="kern-body bulk-bar__count" aria-live="polite">
            {t.bulk.selected(selected.size)}
          </span>
          <button type="button" className="kern-btn kern-btn--secondary" disabled={busy} onClick={() => setAssigning(true)}>
            <span className="kern-label">{t.bulk.assign}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary" disabled={busy} onClick={() => void run('accept')}>
            <span className="kern-label">{t.bulk.accept}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--tertiary" disabled={busy} onClick={onClear}>
            <span className="kern-label">{t.bulk.clear}</span>
          </button>
        </div>
      ) : null}
      {progress ? (
        <div className="bulk-progress">
          <div
            role="progressbar"
            aria-label={t.bulk.progressLabel}
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
            aria-valuetext={t.bulk.progress(progress.done, progress.total)}
            className="bulk-progress__track"
          >
            <div className="bulk-progress__bar" style={{ width: `${progress.total ? (100 * progress.done) / progress.total : 0}%` }} />
          </div>
          <span className="kern-body">{t.bulk.progress(progress.done, progress.total)}</span>
        </div>
      ) : null}
      <div ref={summaryRef} tabIndex={-1} className="bulk-summary">
        {summary ? (
          <Alert tone={summary.failed.length ? 'warning' : 'success'} title={`${t.bulk.actionLabel[summary.action]}: ${t.bulk.summary(summary.ok, summary.failed.length)}`}>
            {summary.failed.length ? (
              <ul className="bulk-summary__list">
                {summary.failed.map((f) => (
                  <li key={f.caseNumber}>
                    <strong>{f.caseNumber}</strong>: {f.detail}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
      </div>
      {assigning ? (
        <AssignDialog users={lookups.users} currentId={null} busy={busy} onClose={() => setAssigning(false)} onSubmit={(id) => void run('assign', id)} />
      ) : null}
    </div>
  );
}
