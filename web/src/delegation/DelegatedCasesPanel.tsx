import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { formatDate } from '../i18n/format';
import { StatusBadge } from '../ui/StatusBadge';
import { delegationApi } from './delegationApi';

const D = t.delegation.desk;

/**
 * The desk of the helping municipality: cases of other municipalities granted to us, each marked
 * with the municipality that owns it. Shown only when there are any (most desks have none).
 */
export function DelegatedCasesPanel() {
  const cases = useAsync((signal) => delegationApi.delegatedCases(signal).then((r) => r.items), []);
  if (!cases.data?.length) return null;
  return (
    <section className="delegated-cases" aria-labelledby="delegated-cases-heading">
      <h2 id="delegated-cases-heading" className="kern-heading-medium">{D.title}</h2>
      <p className="kern-body muted">{D.intro}</p>
      <div className="table-scroll">
        <table className="kern-table">
          <caption className="kern-sr-only">{D.caption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">{D.cols.map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}</tr>
          </thead>
          <tbody className="kern-table__body">
            {cases.data.map((c) => (
              <tr key={c.id} className="kern-table__row">
                <td className="kern-table__cell"><Link className="kern-link" href={`/vorgaenge/${c.id}`}>{c.caseNumber}</Link></td>
                <td className="kern-table__cell"><strong>{c.owner.name}</strong></td>
                <td className="kern-table__cell">{c.title}</td>
                <td className="kern-table__cell">{c.applicantName}</td>
                <td className="kern-table__cell"><StatusBadge status={c.status} /></td>
                <td className="kern-table__cell">{formatDate(c.receivedAt)}</td>
                <td className="kern-table__cell">{D.kind[c.kind]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
