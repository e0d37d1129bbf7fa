import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { CreateForm } from './CreateForm';
import { adminApi } from './adminApi';
import { CheckboxGroup } from './CheckboxGroup';
import { CopyField } from './CopyField';
import { DialogFooter } from './DialogFooter';
import { CLIENT_SCOPES, type ClientScope, type Fachverfahren } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';

const texts = t.admin.fachverfahren;
const scopeOptions = CLIENT_SCOPES.map((s) => ({ value: s, label: t.admin.tokens.scopes[s] ?? s }));

function RevokeDialog({ client, onClose, onRevoked }: { client: Fachverfahren; onClose: () => void; onRevoked: () => void }) {
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = () => run(async () => {
    await adminApi.revokeFachverfahren(client.id);
    onRevoked();
  }, []);
  return (
    <Modal title={texts.revokeTitle} role="alertdialog" isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={texts.revoke} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{texts.revokeText(client.name)}</p>
    </Modal>
  );
}

/** Credentials shown once: after registering and after a new secret. */
function SecretDialog({ shown, onClose }: { shown: { name: string; clientId: string; secret: string }; onClose: () => void }) {
  return (
    <Modal title={texts.createdTitle} isOpen onOpenChange={(o) => !o && onClose()}
      footer={<button type="button" className="kern-btn kern-btn--primary" onClick={onClose}><span className="kern-label">{texts.stored}</span></button>}>
      <Alert tone="warning" title={texts.onceWarning}><p className="kern-body">{texts.onceHint(shown.name)}</p></Alert>
      <CopyField label={texts.clientId} value={shown.clientId} />
      <CopyField label={texts.secret} value={shown.secret} />
    </Modal>
  );
}

/** /verwaltung/fachverfahren — register specialised procedures as OAuth2 clients, rotate secrets, revoke. */
export function FachverfahrenSection() {
  const clients = useAsync(() => adminApi.fachverfahren().then((r) => r.items), []);
  const services = useAsync(() => adminApi.services().then((r) => r.items), []);
  const [name, setName] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [scopes, setScopes] = useState<string[]>(['cases:read']);
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [shown, setShown] = useState<{ name: string; clientId: string; secret: string }>();
  const [revoking, setRevoking] = useState<Fachverfahren | null>(null);
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const serviceName = new Map((services.data ?? []).map((s) => [s.id, s.name]));

  const register = async () => {
    errors.clear();
    if (!name.trim()) errors.setField('name', texts.nameRequired);
    if (scopes.length === 0) errors.setField('scopes', texts.scopesRequired);
    if (!name.trim() || scopes.length === 0) return;
    await run(async () => {
      const created = await adminApi.registerFachverfahren({ name: name.trim(), scopes: scopes as ClientScope[], serviceIds, webhookUrl: webhookUrl.trim() || null });
      setShown({ name: created.client.name, clientId: created.client.clientId, secret: created.clientSecret });
      setName('');
      setWebhookUrl('');
      clients.reload();
    }, ['name', 'scopes', 'serviceIds', 'webhookUrl']);
  };
  const rotate = (client: Fachverfahren) => run(async () => {
    const rotated = await adminApi.rotateFachverfahrenSecret(client.id);
    setShown({ name: rotated.client.name, clientId: rotated.client.clientId, secret: rotated.clientSecret });
    clients.reload();
  }, []);

  return (
    <section className="admin-section" aria-labelledby="fachverfahren-heading">
      <h2 id="fachverfahren-heading" className="kern-heading-medium">{texts.title}</h2>
      <p className="kern-body">{texts.intro}</p>
      {clients.error ? <Alert tone="danger" title={isApiError(clients.error) ? clients.error.detail : t.app.unexpectedError} /> : null}
      <AdminTable
        caption={texts.title}
        rows={clients.data}
        rowKey={(c) => c.id}
        loading={clients.loading}
        empty={texts.empty}
        columns={[
          { header: texts.name, rowHeader: true, cell: (c) => c.name },
          { header: texts.clientId, cell: (c) => <code>{c.clientId}</code> },
          { header: texts.services, cell: (c) => c.serviceIds.map((s) => serviceName.get(s) ?? s).join(', ') },
          { header: texts.scopesLabel, cell: (c) => c.scopes.map((s) => t.admin.tokens.scopes[s] ?? s).join(', ') },
          { header: texts.createdAt, cell: (c) => formatDateTime(c.createdAt) },
          { header: t.admin.status, cell: (c) => (c.revokedAt ? texts.revoked : texts.active) },
        ]}
        actions={{
          cell: (c) => (c.revokedAt ? null : (
            <>
              <button type="button" className="kern-btn kern-btn--tertiary" disabled={busy} aria-label={`${texts.rotate}: ${c.name}`} onClick={() => void rotate(c)}>
                <span className="kern-label">{texts.rotate}</span>
              </button>
              <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${texts.revoke}: ${c.name}`} onClick={() => setRevoking(c)}>
                <span className="kern-label">{texts.revoke}</span>
              </button>
            </>
          )),
        }}
      />
      <CreateForm id="fachverfahren-create" title={texts.createTitle} submitLabel={texts.create} busy={busy} generalError={errors.general} onSubmit={() => void register()} wrapFields={false}>
        <TextInput label={texts.name} hint={texts.nameHint} value={name} onChange={(v) => { setName(v); errors.setField('name', undefined); }} error={errors.fields.name} isRequired />
        <CheckboxGroup legend={texts.scopesLabel} options={scopeOptions} value={scopes} onChange={(v) => { setScopes(v); errors.setField('scopes', undefined); }} error={errors.fields.scopes} />
        <CheckboxGroup legend={texts.servicesLabel} options={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))} value={serviceIds}
          onChange={(v) => { setServiceIds(v); errors.setField('serviceIds', undefined); }} error={errors.fields.serviceIds} />
        <TextInput label={texts.webhookUrl} hint={texts.webhookHint} value={webhookUrl} onChange={(v) => { setWebhookUrl(v); errors.setField('webhookUrl', undefined); }} error={errors.fields.webhookUrl} />
      </CreateForm>
      {shown ? <SecretDialog shown={shown} onClose={() => setShown(undefined)} /> : null}
      {revoking ? <RevokeDialog client={revoking} onClose={() => setRevoking(null)} onRevoked={() => { setRevoking(null); clients.reload(); }} /> : null}
    </section>
  );
}
