import { Suspense, lazy } from 'react';
import { isApiError } from '../api/client';
import { CASE_STATUSES } from '../api/types';
import { Link } from '../app/router';
import { useTitle } from '../app/useTitle';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { useDashboardData } from './useDashboardData';
import { ProcessingTimes } from './ProcessingTimes';
import { AtRiskTile } from '../deadlines/AtRiskTile';
import './dashboard.css';

const WeeklyChart = lazy(() => import('./WeeklyChart'));
const OPEN = ['new', 'accepted', 'in_progress', 'reopened', 'forwarded'] as const;

/** /dashboard — counts by status, this week's intake, overdue follow-ups, processing times and the weekly trend (one API call). */
export default function DashboardPage() {
  useTitle(t.dashboard.title);
  const { data, error, loading } = useDashboardData();
  const open = data ? OPEN.reduce((sum, s) => sum + (data.byStatus[s] ?? 0), 0) : 0;
  return (
    <section className="page dashboard">
      <h1 className="kern-heading-large">{t.dashboard.title}</h1>
      {error ? <Alert tone="danger" title={isApiError(error) ? error.detail : t.app.unexpectedError} /> : null}
      {loading && !data ? <p role="status">{t.app.loading}</p> : null}
      {data ? (
        <>
          <p className="dashboard__hint">{t.dashboard.figuresAsOf(formatDateTime(data.figuresAsOf), data.figuresMaxAgeSeconds)}</p>
          <div className="kpis">
            <div className="kpi">
              <span className="kpi__value">{formatNumber(data.total)}</span>
              <span className="kpi__label">{t.dashboard.total}</span>
            </div>
            <div className="kpi">
              <span className="kpi__value">{formatNumber(open)}</span>
              <span className="kpi__label">{t.dashboard.openCases}</span>
            </div>
            <div className="kpi kpi--accent">
              <span className="kpi__value">{formatNumber(data.newThisWeek)}</span>
              <span className="kpi__label">{t.dashboard.newThisWeek}</span>
            </div>
            <div className={data.overdueFollowUps ? 'kpi kpi--warning' : 'kpi'}>
              <span className="kpi__value">{formatNumber(data.overdueFollowUps)}</span>
              <span className="kpi__label">{t.dashboard.overdueFollowUps}</span>
            </div>
          </div>
          <AtRiskTile />
          <section className="case-section" aria-labelledby="weekly">
            <h2 id="weekly" className="kern-heading-medium">
              {t.dashboard.weeklyTitle}
            </h2>
            <Suspense fallback={<p>{t.app.loading}</p>}>
              <WeeklyChart data={data.incomingPerWeek} />
            </Suspense>
            <details className="chart-data">
              <summary>{t.dashboard.weeklyTable}</summary>
              <table className="kern-table kern-table--small">
                <thead className="kern-table__head">
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">{t.dashboard.week}</th>
                    <th scope="col" className="kern-table__header kern-table__header--numeric">{t.dashboard.count}</th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {data.incomingPerWeek.map((w) => (
                    <tr key={w.weekStart} className="kern-table__row">
                      <td className="kern-table__cell">{formatDate(w.weekStart)}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{formatNumber(w.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </section>
          <section className="case-section" aria-labelledby="processing">
            <h2 id="processing" className="kern-heading-medium">
              {t.dashboard.processingTitle}
            </h2>
            <p className="dashboard__hint">{t.dashboard.processingHint}</p>
            <ProcessingTimes rows={data.medianProcessingDaysByService} />
          </section>
          <section className="case-section" aria-labelledby="by-status">
            <h2 id="by-status" className="kern-heading-medium">
              {t.dashboard.byStatus}
            </h2>
            <ul className="status-grid">
              {CASE_STATUSES.map((s) => (
                <li key={s}>
                  <Link className="status-tile" href={`/?status=${s}`}>
                    <span className="status-tile__count">{formatNumber(data.byStatus[s] ?? 0)}</span>
                    <span className={`status status--${s}`}>{t.status[s]}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </section>
  );
}
