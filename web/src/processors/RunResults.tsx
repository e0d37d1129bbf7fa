import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import type { ProcessorCheck, ProcessorRun } from './api';

const x = t.processors;

/** Severity and outcome in words and icon, never by colour alone (WCAG 1.4.1). */
function CheckLine({ check }: { check: ProcessorCheck }) {
  const tone = check.passed ? 'passed' : check.severity;
  return (
    <li className={`processor-check processor-check--${tone}`}>
      <span className={`kern-icon kern-icon--${check.passed ? 'success' : check.severity === 'error' ? 'danger' : check.severity}`} aria-hidden="true" />
      <span className="processor-check__marker">{check.passed ? x.passed : x.severity[check.severity]}:</span>{' '}
      <span>{check.message}</span>
      {check.field ? <span className="muted"> ({x.field(check.field)})</span> : null}
    </li>
  );
}

function suggestionText(s: NonNullable<ProcessorRun['suggestion']>, unitName: string | null): string {
  if (s.action === 'route') return x.suggestRoute(unitName ?? s.orgUnit ?? '');
  if (s.action === 'request_info') return x.suggestRequestInfo;
  return x.suggestAccept;
}

function Suggestion({ run, may, busy, onApply, onDismiss }: { run: ProcessorRun; may: boolean; busy: boolean; onApply: () => void; onDismiss: () => void }) {
  const s = run.suggestion;
  if (!s) return null;
  return (
    <div className={`processor-suggestion processor-suggestion--${run.suggestionState}`}>
      <p className="kern-body"><strong>{x.suggestion}:</strong> {suggestionText(s, run.suggestedOrgUnitName)}</p>
      {s.reason ? <p className="kern-body">{x.reason(s.reason)}</p> : null}
      {s.message ? <p className="kern-body">{x.question(s.message)}</p> : null}
      {run.suggestionState === 'applied' ? (
        <p className="kern-body processor-suggestion__state">
          <span className="kern-icon kern-icon--success" aria-hidden="true" />{' '}
          {run.appliedAutomatically ? x.appliedAutomatically(formatDateTime(run.appliedAt ?? run.createdAt)) : x.appliedBy(run.appliedBy ?? '?', formatDateTime(run.appliedAt ?? run.createdAt))}
        </p>
      ) : null}
      {run.suggestionState === 'dismissed' ? <p className="kern-body processor-suggestion__state">{x.dismissedBy(run.appliedBy ?? '?')}</p> : null}
      {run.suggestionState === 'open' && run.suggestionNote ? <p className="kern-body">{run.suggestionNote}</p> : null}
      {run.suggestionState === 'open' && s.action === 'request_info' ? <p className="kern-body muted">{x.requestInfoHint}</p> : null}
      {run.suggestionState === 'open' && may ? (
        <div className="processor-suggestion__actions">
          <button type="button" className="kern-btn kern-btn--primary" disabled={busy} onClick={onApply}>
            <span className="kern-label">{x.apply}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary" disabled={busy} onClick={onDismiss}>
            <span className="kern-label">{x.dismiss}</span>
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** A finished run: its checks (the server sorts them: failed first, then error, warning, info), extracted values, suggestion. */
export function RunResults(props: { run: ProcessorRun; may: boolean; busy: boolean; onApply: () => void; onDismiss: () => void }) {
  const { run } = props;
  const extracted = Object.entries(run.extracted);
  const failed = run.checks.filter((c) => !c.passed).length;
  return (
    <>
      <p className="kern-body">{run.checks.length === 0 ? x.noChecks : x.summary(run.checks.length, failed)}</p>
      {run.checks.length > 0 ? (
        <ul className="processor-checks" aria-label={x.checksOf(run.processor.name)}>
          {run.checks.map((c, i) => <CheckLine key={i} check={c} />)}
        </ul>
      ) : null}
      {extracted.length > 0 ? (
        <dl className="processor-extracted" aria-label={x.extracted}>
          {extracted.map(([k, v]) => (
            <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>
          ))}
        </dl>
      ) : null}
      <Suggestion {...props} />
    </>
  );
}
