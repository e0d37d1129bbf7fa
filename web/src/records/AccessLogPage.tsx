import { useState } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { DateField } from '../ui/DateField';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { recordsApi, type AccessEntry, type AccessLogFilter } from './recordsApi';
import './records.css';

const a = t.accessLog;

/** /zugriffsprotokoll — who read which case's personal data; for the admin and the data-protection officer. */
export default function AccessLogPage() {
  const me = useMe();
  useTitle(a.title);
  const [draft, setDraft] = useState<AccessLogFilter>({});
  const [filter, setFilter] = useState<AccessLogFilter>({});
  const [older, setOlder] = useState<AccessEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const page = useAsync(async (signal) => {
    const result = await recordsApi.accessLog(filter, signal);
    setOlder([]);
    setNext(result.nextBefore);
    return result;
  }, [filter]);
  const allowed = may(me, 'accesslog.read');

  if (!allowed) {
    return (
      <section className="page">
        <h1 className="kern-heading-large">{a.title}</h1>
        <Alert tone="warning" title={a.notAllowed} />
      </section>
    );
  }

  const loadMore = async () => {
    if (!next) return;
    const more = await recordsApi.accessLog({ ...filter, before: next });
    setOlder((list) => [...list, ...more.items]);
    setNext(more.nextBefore);
  };
  const items = [...(page.data?.items ?? []), ...older];
  const set = (key: keyof AccessLogFilter) => (value: string) => setDraft((d) => ({ ...d, [key]: value || undefined }));

  return (
    <section className="page">
      <h1 className="kern-heading-large">{a.title}</h1>
      <p className="kern-body">{a.intro}</p>
      <form aria-label={a.filters} className="access-log__filters" noValidate onSubmit={(e) => { e.preventDefault(); setFilter({ ...draft }); }}>
        <Select label={a.person} value={draft.actorId ?? ''} onChange={set('actorId')}
          options={[{ value: '', label: a.everyone }, ...(page.data?.actors ?? []).map((p) => ({ value: p.id, label: p.name }))]} />
        <TextInput label={a.caseNumber} value={draft.caseNumber ?? ''} onChange={set('caseNumber')} />
        <DateField label={a.from} value={draft.from ?? ''} onChange={set('from')} />
        <DateField label={a.to} value={draft.to ?? ''} onChange={set('to')} />
        <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{a.apply}</span></button>
      </form>
      {page.error ? <Alert tone="danger" title={isApiError(page.error) ? page.error.detail : t.app.unexpectedError} /> : null}
      {!page.data && !page.error ? <p role="status">{t.app.loading}</p> : null}
      {page.data && items.length === 0 ? <p className="kern-body muted">{a.empty}</p> : null}
      {items.length ? (
        <table className="kern-table">
          <caption className="kern-table__caption">{a.tableCaption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[a.at, a.who, a.caseCol, a.what].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((e) => (
              <tr key={e.id} className="kern-table__row">
                <td className="kern-table__cell">{formatDateTime(e.at)}</td>
                <td className="kern-table__cell">{e.actor.name}</td>
                <td className="kern-table__cell"><Link className="kern-link" href={`/vorgaenge/${e.caseId}`}>{e.caseNumber}</Link></td>
                <td className="kern-table__cell">{a.actions[e.action] ?? e.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {next ? (
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void loadMore()}><span className="kern-label">{a.more}</span></button>
      ) : null}
    </section>
  );
}
