import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
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
      <AdminTable
        caption={w.deadTitle}
        rows={dead.data}
        rowKey={(d) => d.id}
        loading={dead.loading}
        empty={w.deadEmpty}
        columns={[
          { header: w.event, rowHeader: true, cell: (d) => w.eventTypes[d.eventType] ?? d.eventType },
          { header: w.sequence, cell: (d) => d.sequence },
          { header: w.attempts, cell: (d) => d.attempts },
          { header: w.lastError, cell: (d) => d.lastError ?? '' },
          { header: w.createdAt, cell: (d) => formatDateTime(d.createdAt) },
        ]}
        actions={{
          cell: (d) => (
            <button type="button" className="kern-btn kern-btn--secondary" disabled={busy === d.id}
              aria-label={`${w.resend}: ${w.eventTypes[d.eventType] ?? d.eventType} ${d.sequence}`} onClick={() => void resend(d.id)}>
              <span className="kern-label">{w.resend}</span>
            </button>
          ),
        }}
      />
    </section>
  );
}
