import { casesApi } from '../api/endpoints';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/de';
import { DUE_SOON_DAYS } from '../inbox/filters';

/**
 * Dashboard: cases at risk — overdue, and due within DUE_SOON_DAYS. Two counts through the inbox's
 * own filters, which the server answers as ranges on the cases_by_due index (no scan of all cases).
 * Each figure links to the inbox filtered the same way.
 */
export function AtRiskTile() {
  const figures = useAsync(async (signal) => {
    const [overdue, soon] = await Promise.all([
      casesApi.counts({ deadline: 'overdue' }, signal),
      casesApi.counts({ dueWithin: DUE_SOON_DAYS }, signal),
    ]);
    return { overdue, soon };
  }, []);
  const shown = (c: { total: number; exact: boolean } | undefined) => (c ? (c.exact ? formatNumber(c.total) : `> ${formatNumber(c.total)}`) : '…');
  return (
    <section className="case-section at-risk" aria-labelledby="at-risk">
      <h2 id="at-risk" className="kern-heading-medium">
        {t.deadlines.atRiskTitle}
      </h2>
      <p className="dashboard__hint">{t.deadlines.atRiskHint(DUE_SOON_DAYS)}</p>
      {figures.error ? <p className="kern-body muted">{t.app.unexpectedError}</p> : null}
      <ul className="status-grid">
        <li>
          <Link className="status-tile" href="/?deadline=overdue&sort=due">
            <span className="status-tile__count">{shown(figures.data?.overdue)}</span>
            <span>{t.deadlines.atRiskOverdue}</span>
          </Link>
        </li>
        <li>
          <Link className="status-tile" href="/?deadline=soon&sort=due">
            <span className="status-tile__count">{shown(figures.data?.soon)}</span>
            <span>{t.deadlines.atRiskSoon(DUE_SOON_DAYS)}</span>
          </Link>
        </li>
      </ul>
    </section>
  );
}
