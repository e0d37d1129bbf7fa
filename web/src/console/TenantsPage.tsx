import { useEffect, useState } from 'react';
import { isApiError } from '../api/client';
import { CopyField } from '../admin/CopyField';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { TextInput } from '../ui/TextInput';
import { consoleApi, type TenantActivity } from './api';
import { formatDateTime } from './format';
import { ProvisionForm } from './ProvisionForm';

const c = t.console.tenants;

/** Tenants page by page (50 at a time, search on the server): stays fast with 1,500 tenants. */
export function TenantsPage() {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<TenantActivity[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<{ text: string; link: string }>();
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      consoleApi.tenants({ q, limit: 50 }, controller.signal).then(
        (page) => { setItems(page.items); setNext(page.nextCursor); setError(undefined); },
        (e: unknown) => { if (!controller.signal.aborted) setError(isApiError(e) ? e.detail : t.app.unexpectedError); },
      );
    }, 200);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [q, reload]);

  const more = async () => {
    if (!next) return;
    const page = await consoleApi.tenants({ q, limit: 50, after: next });
    setItems((old) => [...old, ...page.items]);
    setNext(page.nextCursor);
  };
  const renew = async (tenant: TenantActivity) => {
    try {
      const renewed = await consoleApi.renewInvitation(tenant.id);
      setNotice({ text: c.renewed(tenant.name), link: renewed.inviteLink });
    } catch (e) {
      setError(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };

  return (
    <section className="console-page">
      <h1 className="kern-heading-large">{c.title}</h1>
      {notice ? (
        <Alert tone="success" title={notice.text}>
          <CopyField label={c.inviteLink} value={notice.link} />
        </Alert>
      ) : null}
      {error ? <Alert tone="danger" title={error} /> : null}
      <TextInput label={c.search} type="search" value={q} onChange={setQ} className="console-search" />
      <div className="console-table-wrap">
        <table className="kern-table">
          <caption className="kern-table__caption">{c.caption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[c.colName, c.colAgs, c.colCases, c.colLastIntake, c.colStorage, c.colActions].map((h) => (
                <th key={h} scope="col" className="kern-table__header">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((tenant) => (
              <tr key={tenant.id} className="kern-table__row">
                <th scope="row" className="kern-table__cell">{tenant.name}<br /><span className="muted">{tenant.slug} · {c.kinds[tenant.kind] ?? tenant.kind}</span></th>
                <td className="kern-table__cell">{tenant.ags}</td>
                <td className="kern-table__cell kern-table__cell--numeric">{tenant.cases.toLocaleString('de-DE')}</td>
                <td className="kern-table__cell">{tenant.lastIntakeAt ? formatDateTime(tenant.lastIntakeAt) : c.never}</td>
                <td className="kern-table__cell">{tenant.storageBytes === null ? c.notMeasured : t.console.bytes(tenant.storageBytes)}</td>
                <td className="kern-table__cell">
                  <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" aria-label={c.renew(tenant.name)} onClick={() => void renew(tenant)}>
                    <span className="kern-label">{c.renewShort}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.length === 0 && !error ? <p className="kern-body">{c.none}</p> : null}
      {next ? (
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void more()}>
          <span className="kern-label">{c.more}</span>
        </button>
      ) : null}
      <ProvisionForm
        onCreated={(name, link) => { setNotice({ text: c.created(name), link }); setReload((n) => n + 1); }}
      />
    </section>
  );
}
