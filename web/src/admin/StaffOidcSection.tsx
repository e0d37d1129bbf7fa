import { useState } from 'react';
import { isApiError } from '../api/client';
import type { Role } from '../api/types';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import { CopyField } from './CopyField';
import type { AdminOrgUnit, StaffOidcMapping, StaffOidcSettings } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';

const T = t.staffOidc.admin;
const FIELDS = ['displayName', 'usePlatform', 'issuer', 'clientId', 'clientSecret', 'scopes', 'groupsClaim', 'roleSource', 'passwordLogin', 'enabled'];
const ROLE_KEYS = Object.keys(t.admin.roles);

function Check({ id, label, checked, onChange, error }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; error?: string }) {
  return (
    <div className="kern-form-check">
      <input id={id} type="checkbox" className="kern-form-check__checkbox" checked={checked} aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(e.target.checked)} />
      <label className="kern-label" htmlFor={id}>{label}</label>
      {error ? <p className="kern-error" id={`${id}-error`}><span className="kern-body">{error}</span></p> : null}
    </div>
  );
}

/** The provider: own or the state-wide realm, client credentials (secret write-only), role source, password switch. */
function ProviderForm({ initial }: { initial: StaffOidcSettings }) {
  const [saved, setSaved] = useState(initial);
  const [form, setForm] = useState({
    displayName: initial.displayName, usePlatform: initial.usePlatform, issuer: initial.issuer ?? '', clientId: initial.clientId ?? '', clientSecret: '',
    scopes: initial.scopes, groupsClaim: initial.groupsClaim, roleSource: initial.roleSource, passwordLogin: initial.passwordLogin, enabled: initial.configured ? initial.enabled : true,
  });
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => { setForm((f) => ({ ...f, [key]: value })); errors.setField(key, undefined); };
  const submit = () => run(async () => {
    setNotice(undefined);
    const next = await adminApi.saveStaffOidc({
      displayName: form.displayName.trim(), usePlatform: form.usePlatform, scopes: form.scopes.trim(), groupsClaim: form.groupsClaim.trim(),
      roleSource: form.roleSource, passwordLogin: form.passwordLogin, enabled: form.enabled,
      ...(form.usePlatform ? {} : { issuer: form.issuer.trim(), clientId: form.clientId.trim(), ...(form.clientSecret.trim() ? { clientSecret: form.clientSecret.trim() } : {}) }),
    });
    setSaved(next);
    set('clientSecret', '');
    setNotice(T.saved);
  }, FIELDS);

  return (
    <form className="admin-create" aria-labelledby="staff-oidc-provider-heading" noValidate onSubmit={(e) => { e.preventDefault(); errors.clear(); void submit(); }}>
      <h3 id="staff-oidc-provider-heading" className="kern-heading-small">{T.source}</h3>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      {!saved.configured ? <p className="kern-body muted">{T.notConfigured}</p> : null}
      {saved.platformAvailable ? (
        <Select label={T.source} value={form.usePlatform ? 'platform' : 'own'} onChange={(v) => set('usePlatform', v === 'platform')} error={errors.fields.usePlatform}
          options={[{ value: 'own', label: T.sourceOwn }, { value: 'platform', label: T.sourcePlatform }]} />
      ) : null}
      <div className="admin-create__fields">
        <TextInput label={T.displayName} hint={T.displayNameHint} value={form.displayName} error={errors.fields.displayName} onChange={(v) => set('displayName', v)} />
        {!form.usePlatform ? (
          <>
            <TextInput label={T.issuer} hint={T.issuerHint} value={form.issuer} error={errors.fields.issuer} onChange={(v) => set('issuer', v)} />
            <TextInput label={T.clientId} value={form.clientId} error={errors.fields.clientId} onChange={(v) => set('clientId', v)} />
            <TextInput label={T.clientSecret} type="password" autoComplete="off" hint={saved.hasClientSecret ? T.clientSecretSet : undefined}
              value={form.clientSecret} error={errors.fields.clientSecret} onChange={(v) => set('clientSecret', v)} />
          </>
        ) : null}
        <TextInput label={T.scopes} value={form.scopes} error={errors.fields.scopes} onChange={(v) => set('scopes', v)} />
        <TextInput label={T.groupsClaim} hint={T.groupsClaimHint} value={form.groupsClaim} error={errors.fields.groupsClaim} onChange={(v) => set('groupsClaim', v)} />
      </div>
      <Select label={T.roleSource} value={form.roleSource} onChange={(v) => set('roleSource', v === 'local' ? 'local' : 'idp')} error={errors.fields.roleSource}
        options={[{ value: 'idp', label: T.roleSourceIdp }, { value: 'local', label: T.roleSourceLocal }]} />
      <Check id="staff-oidc-enabled" label={T.enabled} checked={form.enabled} onChange={(v) => set('enabled', v)} error={errors.fields.enabled} />
      <Check id="staff-oidc-password" label={T.passwordLogin} checked={form.passwordLogin} onChange={(v) => set('passwordLogin', v)} error={errors.fields.passwordLogin} />
      <CopyField label={T.redirectUri} value={saved.redirectUri} />
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{T.save}</span></button>
      </div>
    </form>
  );
}

/** Group → role and/or org unit, one row each; added and removed one at a time. */
function Mappings({ orgUnits }: { orgUnits: AdminOrgUnit[] }) {
  const list = useAsync(() => adminApi.staffOidcMappings().then((r) => r.items), []);
  const [group, setGroup] = useState('');
  const [role, setRole] = useState('');
  const [unit, setUnit] = useState('');
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const unitName = (id: string | null) => (id ? orgUnits.find((o) => o.id === id)?.name ?? id : '–');
  const add = () => run(async () => {
    const created = await adminApi.addStaffOidcMapping({ groupValue: group.trim(), role: (role || null) as Role | null, orgUnitId: unit || null });
    list.setData([...(list.data ?? []), created].sort((a, b) => a.groupValue.localeCompare(b.groupValue)));
    setGroup(''); setRole(''); setUnit('');
  }, ['groupValue', 'role', 'orgUnitId']);
  const remove = (m: StaffOidcMapping) => run(async () => {
    await adminApi.removeStaffOidcMapping(m.id);
    list.setData((list.data ?? []).filter((x) => x.id !== m.id));
  }, []);

  return (
    <div className="admin-create">
      <h3 id="staff-oidc-mappings-heading" className="kern-heading-small">{T.mappingsTitle}</h3>
      <p className="kern-body">{T.mappingsIntro}</p>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <AdminTable
        caption={T.mappingsTitle}
        className=""
        scroll={false}
        rows={list.data ?? []}
        rowKey={(m) => m.id}
        empty={T.noMappings}
        columns={[
          { header: T.group, rowHeader: true, cell: (m) => <code>{m.groupValue}</code> },
          { header: T.role, cell: (m) => (m.role ? t.admin.roles[m.role] ?? m.role : '–') },
          { header: T.orgUnit, cell: (m) => unitName(m.orgUnitId) },
        ]}
        actions={{
          cell: (m) => (
            <button type="button" className="kern-btn kern-btn--tertiary" aria-label={T.remove(m.groupValue)} disabled={busy} onClick={() => void remove(m)}>
              <span className="kern-label">{T.removeShort}</span>
            </button>
          ),
        }}
      />
      <form className="admin-create__fields" aria-label={T.add} noValidate onSubmit={(e) => { e.preventDefault(); errors.clear(); void add(); }}>
        <TextInput label={T.group} value={group} error={errors.fields.groupValue} onChange={(v) => { setGroup(v); errors.setField('groupValue', undefined); }} />
        <Select label={T.role} value={role} onChange={setRole} error={errors.fields.role}
          options={[{ value: '', label: T.none }, ...ROLE_KEYS.map((r) => ({ value: r, label: t.admin.roles[r]! }))]} />
        <Select label={T.orgUnit} value={unit} onChange={setUnit} error={errors.fields.orgUnitId}
          options={[{ value: '', label: T.none }, ...orgUnits.map((o) => ({ value: o.id, label: o.name }))]} />
        <div>
          <button type="submit" className="kern-btn kern-btn--secondary" disabled={busy}><span className="kern-label">{T.add}</span></button>
        </div>
      </form>
    </div>
  );
}

/** Anmeldung: the municipality's identity provider for its staff and the mapping of groups (decision 0033). */
export function StaffOidcSection({ orgUnits }: { orgUnits: AdminOrgUnit[] }) {
  const settings = useAsync(() => adminApi.staffOidc(), []);
  return (
    <section className="admin-section" aria-labelledby="staff-oidc-heading">
      <h2 id="staff-oidc-heading" className="kern-heading-medium">{T.title}</h2>
      <p className="kern-body">{T.intro}</p>
      {settings.error ? <Alert tone="danger" title={isApiError(settings.error) ? settings.error.detail : t.app.unexpectedError} /> : null}
      {settings.data ? <ProviderForm initial={settings.data} /> : null}
      <Mappings orgUnits={orgUnits} />
    </section>
  );
}
