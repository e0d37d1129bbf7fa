import { useState } from 'react';
import type { Role } from '../api/types';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import { CheckboxGroup } from './CheckboxGroup';
import { CopyField } from './CopyField';
import { ROLE_KEYS, type AdminOrgUnit, type AdminUser } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';
import { DialogFooter } from './DialogFooter';

const roleOptions = ROLE_KEYS.map((r) => ({ value: r, label: t.admin.roles[r] ?? r }));
const unitOptions = (units: AdminOrgUnit[]) => units.map((u) => ({ value: u.id, label: u.name }));

/** Invite: name, e-mail, roles, org units; afterwards the one-time link to pass on. */
export function InviteUserDialog({ orgUnits, onClose, onInvited }: { orgUnits: AdminOrgUnit[]; onClose: () => void; onInvited: () => void }) {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<string[]>(['caseworker']);
  const [units, setUnits] = useState<string[]>([]);
  const [invited, setInvited] = useState<{ name: string; link: string }>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);

  const submit = async () => {
    errors.clear();
    const missing: [string, string][] = [];
    if (!displayName.trim()) missing.push(['displayName', t.admin.users.nameRequired]);
    if (!email.trim()) missing.push(['email', t.admin.users.emailRequired]);
    if (roles.length === 0) missing.push(['roles', t.admin.users.rolesRequired]);
    if (missing.length) {
      for (const [field, message] of missing) errors.setField(field, message);
      return;
    }
    await run(async () => {
      const result = await adminApi.invite({ displayName: displayName.trim(), email: email.trim(), roles: roles as Role[], orgUnitIds: units });
      setInvited({ name: result.user.displayName, link: result.inviteLink });
      onInvited();
    }, ['displayName', 'email', 'roles', 'orgUnitIds']);
  };

  if (invited) {
    return (
      <Modal
        title={t.admin.users.invitedTitle}
        isOpen
        onOpenChange={(o) => !o && onClose()}
        footer={
          <button type="button" className="kern-btn kern-btn--primary" onClick={onClose}>
            <span className="kern-label">{t.admin.done}</span>
          </button>
        }
      >
        <Alert tone="success" title={t.admin.users.invited(invited.name)}>
          <p className="kern-body">{t.admin.users.inviteLinkHint}</p>
        </Alert>
        <CopyField label={t.admin.users.inviteLink} value={invited.link} />
      </Modal>
    );
  }

  return (
    <Modal
      title={t.admin.users.inviteTitle}
      isOpen
      onOpenChange={(o) => !o && onClose()}
      onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={t.admin.users.inviteConfirm} busy={busy} />}
    >
      <div className="admin-form">
        {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
        <TextInput label={t.admin.users.name} value={displayName} onChange={(v) => { setDisplayName(v); errors.setField('displayName', undefined); }} error={errors.fields.displayName} isRequired autoComplete="off" />
        <TextInput label={t.admin.users.email} type="email" value={email} onChange={(v) => { setEmail(v); errors.setField('email', undefined); }} error={errors.fields.email} isRequired autoComplete="off" />
        <CheckboxGroup legend={t.admin.users.roles} options={roleOptions} value={roles} onChange={(v) => { setRoles(v); errors.setField('roles', undefined); }} error={errors.fields.roles} />
        <CheckboxGroup legend={t.admin.users.orgUnits} hint={t.admin.users.orgUnitsHint} options={unitOptions(orgUnits)} value={units} onChange={setUnits} error={errors.fields.orgUnitIds} />
      </div>
    </Modal>
  );
}

/** Change a person's roles and org units. */
export function EditUserDialog({ user, orgUnits, onClose, onSaved }: { user: AdminUser; orgUnits: AdminOrgUnit[]; onClose: () => void; onSaved: (u: AdminUser) => void }) {
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [units, setUnits] = useState<string[]>(user.orgUnitIds);
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);

  const submit = async () => {
    errors.clear();
    if (roles.length === 0) {
      errors.setField('roles', t.admin.users.rolesRequired);
      return;
    }
    await run(async () => {
      onSaved(await adminApi.updateUser(user.id, { roles: roles as Role[], orgUnitIds: units }));
    }, ['roles', 'orgUnitIds']);
  };

  if (user.rolesFromIdp) {
    // The identity provider decides; editing here would be overwritten at the next sign-in (and is refused).
    return (
      <Modal title={t.admin.users.editTitle(user.displayName)} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={onClose}
        footer={<button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{t.admin.done}</span></button>}>
        <div className="admin-form">
          <Alert tone="info" title={t.staffOidc.rolesFromIdp} />
          <p className="kern-body"><strong>{t.admin.users.roles}:</strong> {user.roles.map((r) => t.admin.roles[r] ?? r).join(', ') || '–'}</p>
          <p className="kern-body"><strong>{t.admin.users.orgUnits}:</strong> {user.orgUnitIds.map((u) => orgUnits.find((o) => o.id === u)?.name ?? u).join(', ') || t.admin.users.allUnits}</p>
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      title={t.admin.users.editTitle(user.displayName)}
      isOpen
      onOpenChange={(o) => !o && onClose()}
      onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={t.admin.save} busy={busy} />}
    >
      <div className="admin-form">
        {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
        <CheckboxGroup legend={t.admin.users.roles} options={roleOptions} value={roles} onChange={(v) => { setRoles(v); errors.setField('roles', undefined); }} error={errors.fields.roles} />
        <CheckboxGroup legend={t.admin.users.orgUnits} hint={t.admin.users.orgUnitsHint} options={unitOptions(orgUnits)} value={units} onChange={setUnits} error={errors.fields.orgUnitIds} />
      </div>
    </Modal>
  );
}

/** Deactivate (signs the person out of everything) or reactivate, after a confirmation. */
export function ActivationDialog({ user, onClose, onSaved }: { user: AdminUser; onClose: () => void; onSaved: (u: AdminUser) => void }) {
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const deactivate = user.active;
  const submit = async () => {
    await run(async () => {
      onSaved(await adminApi.updateUser(user.id, { active: !deactivate }));
    }, []);
  };
  return (
    <Modal
      title={deactivate ? t.admin.users.deactivateTitle : t.admin.users.reactivateTitle}
      role="alertdialog"
      isOpen
      onOpenChange={(o) => !o && onClose()}
      onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={deactivate ? t.admin.users.deactivate : t.admin.users.reactivate} busy={busy} />}
    >
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{deactivate ? t.admin.users.deactivateText(user.displayName) : t.admin.users.reactivateText(user.displayName)}</p>
    </Modal>
  );
}
