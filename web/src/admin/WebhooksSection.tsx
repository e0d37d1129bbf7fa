import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import { CheckboxGroup } from './CheckboxGroup';
import { CopyField } from './CopyField';
import { CreateForm } from './CreateForm';
import { DeadWebhookDeliveries } from './DeadWebhookDeliveries';
import type { WebhookEndpoint } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';

const w = t.admin.webhooks;
const eventOptions = Object.entries(w.eventTypes).map(([value, label]) => ({ value, label }));

function BreakerCell({ endpoint }: { endpoint: WebhookEndpoint }) {
  const b = endpoint.breaker;
  return (
    <>
      {w.breakerStates[b.state]}
      {b.consecutiveFailures > 0 ? <><br /><span className="muted">{w.failures(b.consecutiveFailures)}{b.lastFailure ? ` (${b.lastFailure})` : ''}</span></> : null}
      {b.state !== 'closed' && b.nextProbeAt ? <><br /><span className="muted">{w.nextProbe(formatDateTime(b.nextProbeAt))}</span></> : null}
    </>
  );
}

/** Webhook endpoints of the event catalogue (state of each circuit breaker) and their dead letters. */
export function WebhooksSection() {
  const endpoints = useAsync(() => adminApi.webhookEndpoints().then((r) => r.items), []);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [secret, setSecret] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);

  const create = async () => {
    errors.clear();
    if (!url.trim()) errors.setField('url', w.urlRequired);
    if (events.length === 0) errors.setField('eventTypes', w.eventsRequired);
    if (!url.trim() || events.length === 0) return;
    await run(async () => {
      const created = await adminApi.createWebhookEndpoint({ url: url.trim(), eventTypes: events, description: description.trim() });
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      endpoints.reload();
    }, ['url', 'eventTypes', 'description']);
  };

  const reset = async (endpoint: WebhookEndpoint) => {
    await run(async () => {
      await adminApi.resetWebhookBreaker(endpoint.id);
      setNotice(w.resetDone);
      endpoints.reload();
    }, []);
  };

  return (
    <section className="admin-section" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading" className="kern-heading-medium">{w.title}</h2>
      <p className="kern-body">{w.intro}</p>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {endpoints.error ? <Alert tone="danger" title={isApiError(endpoints.error) ? endpoints.error.detail : t.app.unexpectedError} /> : null}
      <AdminTable
        caption={w.endpointsTitle}
        rows={endpoints.data}
        rowKey={(e) => e.id}
        loading={endpoints.loading}
        empty={w.emptyEndpoints}
        columns={[
          { header: w.url, rowHeader: true, cell: (e) => <>{e.description ? <>{e.description}<br /></> : null}<span className="muted">{e.url}</span></> },
          { header: w.events, cell: (e) => e.eventTypes.map((type) => w.eventTypes[type] ?? type).join(', ') },
          { header: w.breaker, cell: (e) => <BreakerCell endpoint={e} /> },
        ]}
        actions={{
          cell: (e) => (e.breaker.state === 'closed' ? null : (
            <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${w.reset}: ${e.description || e.url}`} onClick={() => void reset(e)}>
              <span className="kern-label">{w.reset}</span>
            </button>
          )),
        }}
      />
      <CreateForm id="webhook-create" title={w.createTitle} submitLabel={w.create} busy={busy} generalError={errors.general} onSubmit={() => void create()} wrapFields={false}>
        <TextInput label={w.url} hint={w.urlHint} value={url} onChange={(v) => { setUrl(v); errors.setField('url', undefined); }} error={errors.fields.url} isRequired />
        <TextInput label={w.description} hint={w.descriptionHint} value={description} onChange={setDescription} error={errors.fields.description} />
        <CheckboxGroup legend={w.events} options={eventOptions} value={events} onChange={(v) => { setEvents(v); errors.setField('eventTypes', undefined); }} error={errors.fields.eventTypes} />
      </CreateForm>
      <DeadWebhookDeliveries />
      {secret ? (
        <Modal title={w.createdTitle} isOpen onOpenChange={(o) => !o && setSecret(undefined)}
          footer={<button type="button" className="kern-btn kern-btn--primary" onClick={() => setSecret(undefined)}><span className="kern-label">{w.stored}</span></button>}>
          <Alert tone="warning" title={w.onceWarning}><p className="kern-body">{w.onceHint}</p></Alert>
          <CopyField label={w.secret} value={secret} />
        </Modal>
      ) : null}
    </section>
  );
}
