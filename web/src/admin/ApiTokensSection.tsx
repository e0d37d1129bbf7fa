import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { CreateForm } from './CreateForm';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import { CheckboxGroup } from './CheckboxGroup';
import { CopyField } from './CopyField';
import { SCOPES, type ApiToken, type Scope } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';
import { DialogFooter } from './DialogFooter';

const scopeOptions = SCOPES.map((s) => ({ value: s, label: t.admin.tokens.scopes[s] ?? s }));

function RevokeDialog({ token, onClose, onRevoked }: { token: ApiToken; onClose: () => void; onRevoked: () => void }) {
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = async () => {
    await run(async () => {
      await adminApi.revokeToken(token.id);
      onRevoked();
    }, []);
  };
  return (
    <Modal
      title={t.admin.tokens.revokeTitle}
      role="alertdialog"
      isOpen
      onOpenChange={(o) => !o && onClose()}
      onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={t.admin.tokens.revoke} busy={busy} />}
    >
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{t.admin.tokens.revokeText(token.name)}</p>
    </Modal>
  );
}

/** API keys for form servers and specialised procedures: create (shown once), revoke. */
export function ApiTokensSection() {
  const tokens = useAsync(() => adminApi.tokens().then((r) => r.items), []);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['intake:submit']);
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);

  const create = async () => {
    errors.clear();
    if (!name.trim()) errors.setField('name', t.admin.tokens.nameRequired);
    if (scopes.length === 0) errors.setField('scopes', t.admin.tokens.scopesRequired);
    if (!name.trim() || scopes.length === 0) return;
    await run(async () => {
      const result = await adminApi.createToken({ name: name.trim(), scopes: scopes as Scope[] });
      setCreated({ name: name.trim(), token: result.token });
      setName('');
      tokens.reload();
    }, ['name', 'scopes']);
  };

  return (
    <section className="admin-section" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading" className="kern-heading-medium">
        {t.admin.tokens.title}
      </h2>
      <p className="kern-body">{t.admin.tokens.intro}</p>
      {tokens.error ? <Alert tone="danger" title={isApiError(tokens.error) ? tokens.error.detail : t.app.unexpectedError} /> : null}
      <AdminTable
        caption={t.admin.tokens.title}
        rows={tokens.data}
        rowKey={(tk) => tk.id}
        loading={tokens.loading}
        empty={t.admin.tokens.empty}
        columns={[
          { header: t.admin.tokens.name, rowHeader: true, cell: (tk) => tk.name },
          { header: t.admin.tokens.scopesLabel, cell: (tk) => tk.scopes.map((s) => t.admin.tokens.scopes[s] ?? s).join(', ') },
          { header: t.admin.tokens.createdAt, cell: (tk) => formatDateTime(tk.createdAt) },
          { header: t.admin.tokens.lastUsedAt, cell: (tk) => (tk.lastUsedAt ? formatDateTime(tk.lastUsedAt) : <span className="muted">{t.admin.tokens.never}</span>) },
          { header: t.admin.status, cell: (tk) => (tk.revokedAt ? t.admin.tokens.revoked : t.admin.tokens.active) },
        ]}
        actions={{
          cell: (tk) => (tk.revokedAt ? null : (
            <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.admin.tokens.revoke}: ${tk.name}`} onClick={() => setRevoking(tk)}>
              <span className="kern-label">{t.admin.tokens.revoke}</span>
            </button>
          )),
        }}
      />
      <CreateForm id="token-create" title={t.admin.tokens.createTitle} submitLabel={t.admin.tokens.create} busy={busy} generalError={errors.general} onSubmit={() => void create()} wrapFields={false}>
        <TextInput label={t.admin.tokens.name} hint={t.admin.tokens.nameHint} value={name} onChange={(v) => { setName(v); errors.setField('name', undefined); }} error={errors.fields.name} isRequired />
        <CheckboxGroup legend={t.admin.tokens.scopesLabel} options={scopeOptions} value={scopes} onChange={(v) => { setScopes(v); errors.setField('scopes', undefined); }} error={errors.fields.scopes} />
      </CreateForm>
      {created ? (
        <Modal
          title={t.admin.tokens.createdTitle}
          isOpen
          onOpenChange={(o) => !o && setCreated(undefined)}
          footer={
            <button type="button" className="kern-btn kern-btn--primary" onClick={() => setCreated(undefined)}>
              <span className="kern-label">{t.admin.tokens.stored}</span>
            </button>
          }
        >
          <Alert tone="warning" title={t.admin.tokens.onceWarning}>
            <p className="kern-body">{t.admin.tokens.onceHint(created.name)}</p>
          </Alert>
          <CopyField label={t.admin.tokens.token} value={created.token} />
        </Modal>
      ) : null}
      {revoking ? (
        <RevokeDialog
          token={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            tokens.reload();
          }}
        />
      ) : null}
    </section>
  );
}
