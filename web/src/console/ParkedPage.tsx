import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { TextInput } from '../ui/TextInput';
import { consoleApi, type Parked } from './api';
import { formatDateTime } from './format';

const c = t.console.parked;

/** The parked-submission queue: route to a tenant or reject with a reason. Routing facts only. */
export function ParkedPage() {
  const list = useAsync((signal) => consoleApi.parked(signal), []);
  const [open, setOpen] = useState<{ item: Parked; mode: 'route' | 'reject' }>();
  const [notice, setNotice] = useState<string>();
  const done = (text: string) => { setNotice(text); setOpen(undefined); list.reload(); };
  const items = list.data?.items ?? [];
  return (
    <section className="console-page">
      <h1 className="kern-heading-large">{c.title}</h1>
      <p className="kern-body">{c.intro}</p>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      <div className="console-table-wrap">
        <table className="kern-table">
          <caption className="kern-table__caption">{c.caption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[c.colReceived, c.colChannel, c.colReason, c.colHints, c.colActions].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((item) => (
              <tr key={item.id} className="kern-table__row">
                <td className="kern-table__cell">{formatDateTime(item.receivedAt)}</td>
                <td className="kern-table__cell">{item.channel}</td>
                <td className="kern-table__cell">{item.reason}</td>
                <td className="kern-table__cell">
                  {[
                    item.routingHints.authority ? `${c.authority}: ${item.routingHints.authority}` : null,
                    item.routingHints.orgUnit ? `${c.orgUnit}: ${item.routingHints.orgUnit}` : null,
                    item.routingHints.leikaKeys?.length ? `${c.leika}: ${item.routingHints.leikaKeys.join(', ')}` : null,
                  ].filter(Boolean).join(' · ')}
                </td>
                <td className="kern-table__cell console-actions">
                  {item.kind !== 'failed' ? (
                    <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" aria-label={c.routeTo(item.transactionId ?? item.id)} onClick={() => setOpen({ item, mode: 'route' })}>
                      <span className="kern-label">{c.route}</span>
                    </button>
                  ) : null}
                  <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" aria-label={c.rejectTitle(item.transactionId ?? item.id)} onClick={() => setOpen({ item, mode: 'reject' })}>
                    <span className="kern-label">{c.reject}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!list.loading && items.length === 0 ? <p className="kern-body">{c.none}</p> : null}
      {open ? <ResolveForm key={`${open.item.id}-${open.mode}`} {...open} onDone={done} onCancel={() => setOpen(undefined)} /> : null}
    </section>
  );
}

function ResolveForm({ item, mode, onDone, onCancel }: { item: Parked; mode: 'route' | 'reject'; onDone: (text: string) => void; onCancel: () => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const label = item.transactionId ?? item.id;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      if (mode === 'route') {
        const routed = await consoleApi.route(item.id, { tenantSlug: value.trim() });
        onDone(c.routed(routed.caseNumber, routed.tenant));
      } else {
        await consoleApi.reject(item.id, { reason: value.trim() });
        onDone(c.rejected);
      }
    } catch (err) {
      setError(isApiError(err) ? err.detail : t.app.unexpectedError);
    }
  };
  return (
    <section aria-labelledby="resolve-title" className="console-form">
      <h2 id="resolve-title" className="kern-heading-medium">{mode === 'route' ? c.routeTo(label) : c.rejectTitle(label)}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextInput label={mode === 'route' ? c.tenantSlug : c.reason} value={value} onChange={setValue} error={error} multiline={mode === 'reject'} isRequired />
        <div className="console-buttons">
          <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{mode === 'route' ? c.route : c.reject}</span></button>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={onCancel}><span className="kern-label">{c.cancel}</span></button>
        </div>
      </form>
    </section>
  );
}
