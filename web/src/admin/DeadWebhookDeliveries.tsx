import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { adminApi } from './adminApi';

const w = t.admin.webhooks;

/** Dead letters of webhook deliveries with „Erneut senden“ (POST /api/admin/webhook-deliveries/{id}/resend). */
export function DeadWebhookDeliveries() {
  const dead = useAsync(() => adminApi.deadWebhookDeliveries().then((r) => r.items), []);
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string }>();
  const [busy, setBusy] = useState<string>();

  const resend = async (deliveryId: string) => {
    setBusy(deliveryId);
    try {
      await adminApi.resendWebhookDelivery(deliveryId);
      setNotice({ tone: 'success', text: w.resent });
      dead.reload();
    } catch (e) {
      setNotice({ tone: 'danger', text: isApiError(e) ? e.detail : t.app.unexpectedError });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section aria-labelledby="webhook-dead-heading">
      <h3 id="webhook-dead-heading" className="kern-heading-small">{w.deadTitle}</h3>
      <p className="kern-body">{w.deadIntro}</p>
      {notice ? <Alert tone={notice.tone} title={notice.text} /> : null}
      {dead.error ? <Alert tone="danger" title={isApiError(dead.error) ? dead.error.detail : t.app.unexpectedError} /> : null}
      <div className="table-scroll">
        <table className="kern-table admin-table">
          <caption className="kern-sr-only">{w.deadTitle}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">{w.event}</th>
              <th scope="col" className="kern-table__header">{w.sequence}</th>
              <th scope="col" className="kern-table__header">{w.attempts}</th>
              <th scope="col" className="kern-table__header">{w.lastError}</th>
              <th scope="col" className="kern-table__header">{w.createdAt}</th>
              <th scope="col" className="kern-table__header">{t.admin.actions}</th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {(dead.data ?? []).length === 0 && !dead.loading ? (
              <tr className="kern-table__row"><td className="kern-table__cell" colSpan={6}>{w.deadEmpty}</td></tr>
            ) : null}
            {(dead.data ?? []).map((d) => (
              <tr key={d.id} className="kern-table__row">
                <th scope="row" className="kern-table__cell">{w.eventTypes[d.eventType] ?? d.eventType}</th>
                <td className="kern-table__cell">{d.sequence}</td>
                <td className="kern-table__cell">{d.attempts}</td>
                <td className="kern-table__cell">{d.lastError ?? ''}</td>
                <td className="kern-table__cell">{formatDateTime(d.createdAt)}</td>
                <td className="kern-table__cell">
                  <button type="button" className="kern-btn kern-btn--secondary" disabled={busy === d.id}
                    aria-label={`${w.resend}: ${w.eventTypes[d.eventType] ?? d.eventType} ${d.sequence}`} onClick={() => void resend(d.id)}>
                    <span className="kern-label">{w.resend}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
