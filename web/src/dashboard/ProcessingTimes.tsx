import { formatNumber } from '../i18n/format';
import { t } from '../i18n/de';
import type { ProcessingTime } from './useDashboardData';

const days = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Median processing time per service (creation to first decision or rejection). */
export function ProcessingTimes({ rows }: { rows: ProcessingTime[] }) {
  if (!rows.length) return <p>{t.dashboard.processingEmpty}</p>;
  return (
    <table className="kern-table kern-table--small">
      <caption className="kern-sr-only">{t.dashboard.processingTitle}</caption>
      <thead className="kern-table__head">
        <tr className="kern-table__row">
          <th scope="col" className="kern-table__header">{t.dashboard.service}</th>
          <th scope="col" className="kern-table__header kern-table__header--numeric">{t.dashboard.medianDays}</th>
          <th scope="col" className="kern-table__header kern-table__header--numeric">{t.dashboard.decidedCount}</th>
        </tr>
      </thead>
      <tbody className="kern-table__body">
        {rows.map((r) => (
          <tr key={r.serviceId} className="kern-table__row">
            <th scope="row" className="kern-table__cell">{r.name}</th>
            <td className="kern-table__cell kern-table__cell--numeric">{days.format(r.medianDays)}</td>
            <td className="kern-table__cell kern-table__cell--numeric">{formatNumber(r.decidedCount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
