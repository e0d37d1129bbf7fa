import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
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
      <div className="table-scroll">
        <table className="kern-table admin-table">
          <caption className="kern-sr-only">{texts.title}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">{texts.name}</th>
              <th scope="col" className="kern-table__header">{texts.clientId}</th>
              <th scope="col" className="kern-table__header">{texts.services}</th>
              <th scope="col" className="kern-table__header">{texts.scopesLabel}</th>
              <th scope="col" className="kern-table__header">{texts.createdAt}</th>
              <th scope="col" className="kern-table__header">{t.admin.status}</th>
              <th scope="col" className="kern-table__header">{t.admin.actions}</th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {(clients.data ?? []).length === 0 && !clients.loading ? (
              <tr className="kern-table__row"><td className="kern-table__cell" colSpan={7}>{texts.empty}</td></tr>
            ) : null}
            {(clients.data ?? []).map((c) => (
              <tr key={c.id} className="kern-table__row">
                <th scope="row" className="kern-table__cell">{c.name}</th>
                <td className="kern-table__cell"><code>{c.clientId}</code></td>
                <td className="kern-table__cell">{c.serviceIds.map((s) => serviceName.get(s) ?? s).join(', ')}</td>
                <td className="kern-table__cell">{c.scopes.map((s) => t.admin.tokens.scopes[s] ?? s).join(', ')}</td>
                <td className="kern-table__cell">{formatDateTime(c.createdAt)}</td>
                <td className="kern-table__cell">{c.revokedAt ? texts.revoked : texts.active}</td>
                <td className="kern-table__cell">
                  {c.revokedAt ? null : (
                    <>
                      <button type="button" className="kern-btn kern-btn--tertiary" disabled={busy} aria-label={`${texts.rotate}: ${c.name}`} onClick={() => void rotate(c)}>
                        <span className="kern-label">{texts.rotate}</span>
                      </button>
                      <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${texts.revoke}: ${c.name}`} onClick={() => setRevoking(c)}>
                        <span className="kern-label">{texts.revoke}</span>
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
