import { useState } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { DateField } from '../ui/DateField';
import { Select } from '../ui/Select';
import { destructionApi, type ProtocolFilter } from './destructionApi';
import './records.css';

const d = t.destruction;

/** /aussonderung/protokoll — the Vernichtungsprotokoll by period and list, with CSV and PDF/A downloads. */
export default function DestructionProtocolPage() {
  const me = useMe();
  useTitle(d.protocolTitle);
  const allowed = may(me, 'records.destroy');
  const [draft, setDraft] = useState<ProtocolFilter>({});
  const [filter, setFilter] = useState<ProtocolFilter>({});
  const page = useAsync((signal) => (allowed ? destructionApi.protocol(filter, signal) : Promise.resolve(null)), [filter, allowed]);
  const lists = useAsync((signal) => (allowed ? destructionApi.lists(signal) : Promise.resolve(null)), [allowed]);

  if (!allowed) {
    return (
      <section className="page">
        <h1 className="kern-heading-large">{d.protocolTitle}</h1>
        <Alert tone="warning" title={d.notAllowed} />
      </section>
    );
  }
  const set = (key: keyof ProtocolFilter) => (value: string) => setDraft((f) => ({ ...f, [key]: value || undefined }));
  const items = page.data?.items ?? [];

  return (
    <section className="page">
      <p className="kern-body"><Link className="kern-link" href="/aussonderung">{d.back}</Link></p>
      <h1 className="kern-heading-large">{d.protocolTitle}</h1>
      <p className="kern-body">{d.protocolIntro}</p>
      <form aria-label={d.protocolFilters} className="access-log__filters" noValidate onSubmit={(e) => { e.preventDefault(); setFilter({ ...draft }); }}>
        <DateField label={d.from} value={draft.from ?? ''} onChange={set('from')} />
        <DateField label={d.to} value={draft.to ?? ''} onChange={set('to')} />
        <Select label={d.list} value={draft.listId ?? ''} onChange={set('listId')}
          options={[{ value: '', label: d.allLists }, ...(lists.data?.items ?? []).map((l) => ({ value: l.id, label: d.listName(l.number) }))]} />
        <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{d.apply}</span></button>
      </form>
      <h2 className="kern-heading-small">{d.downloads}</h2>
      <div className="destruction__downloads">
        <a className="kern-btn kern-btn--secondary" href={destructionApi.exportUrl(filter, 'csv')} download><span className="kern-label">{d.csv}</span></a>
        <a className="kern-btn kern-btn--secondary" href={destructionApi.exportUrl(filter, 'pdf')} download><span className="kern-label">{d.pdf}</span></a>
      </div>
      {page.error ? <Alert tone="danger" title={isApiError(page.error) ? page.error.detail : t.app.unexpectedError} /> : null}
      {!page.data && !page.error ? <p role="status">{t.app.loading}</p> : null}
      {page.data?.truncated ? <Alert tone="info" title={d.truncated} /> : null}
      {page.data && items.length === 0 ? <p className="kern-body muted">{d.protocolEmpty}</p> : null}
      {items.length ? (
        <table className="kern-table">
          <caption className="kern-table__caption">{d.protocolCaption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[d.purgedAt, d.caseNumber, d.service, d.appraisal, d.closedAt, d.list, d.approvers].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((r) => (
              <tr key={r.id} className="kern-table__row">
                <td className="kern-table__cell">{formatDate(r.purgedAt)}</td>
                <td className="kern-table__cell">{r.caseNumber}</td>
                <td className="kern-table__cell">{r.serviceName}</td>
                <td className="kern-table__cell">{r.appraisal}</td>
                <td className="kern-table__cell">{formatDate(r.caseClosedAt)}</td>
                <td className="kern-table__cell">{r.listNumber !== null ? d.listName(r.listNumber) : d.noList}</td>
                <td className="kern-table__cell">{r.approvedBy.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
