import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { AdminTable, type Column } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { adminApi } from './adminApi';
import { ActivationDialog, EditUserDialog, InviteUserDialog } from './UserDialogs';
import type { AdminOrgUnit, AdminUser } from './types';

type Dialog = { kind: 'invite' } | { kind: 'edit' | 'activation'; user: AdminUser } | null;

const STATUS_BADGE: Record<AdminUser['status'], string> = { active: 'success', invited: 'info', inactive: 'warning' };

const columns = (unitName: Map<string, string>): Column<AdminUser>[] => [
  { header: t.admin.users.name, rowHeader: true, cell: (u) => u.displayName },
  { header: t.admin.users.email, cell: (u) => u.email },
  {
    header: t.admin.users.roles,
    cell: (u) => (
      <>
        {u.roles.map((r) => t.admin.roles[r] ?? r).join(', ')}
        {u.rolesFromIdp ? <> <span className="kern-badge kern-badge--info"><span className="kern-label kern-label--small">{t.staffOidc.rolesFromIdpBadge}</span></span></> : null}
      </>
    ),
  },
  {
    header: t.admin.users.orgUnits,
    cell: (u) => (u.orgUnitIds.length ? u.orgUnitIds.map((id) => unitName.get(id) ?? id).join(', ') : <span className="muted">{t.admin.users.allUnits}</span>),
  },
  {
    header: t.admin.status,
    cell: (u) => (
      <span className={`kern-badge kern-badge--${STATUS_BADGE[u.status]}`}>
        <span className="kern-label kern-label--small">{t.admin.users.status[u.status]}</span>
      </span>
    ),
  },
];

/** Users of the municipality: invite, roles and org units, deactivate/reactivate. */
export function UsersSection({ orgUnits }: { orgUnits: AdminOrgUnit[] }) {
  const users = useAsync(() => adminApi.users().then((r) => r.items), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string>();

  const saved = (user: AdminUser, message: string) => {
    users.setData((users.data ?? []).map((u) => (u.id === user.id ? user : u)));
    setDialog(null);
    setNotice(message);
  };

  return (
    <section className="admin-section" aria-labelledby="users-heading">
      <div className="admin-section__header">
        <h2 id="users-heading" className="kern-heading-medium">
          {t.admin.users.title}
        </h2>
        <button type="button" className="kern-btn kern-btn--primary" onClick={() => setDialog({ kind: 'invite' })}>
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">{t.admin.users.invite}</span>
        </button>
      </div>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {users.error ? <Alert tone="danger" title={isApiError(users.error) ? users.error.detail : t.app.unexpectedError} /> : null}
      <AdminTable
        caption={t.admin.users.title}
        columns={columns(new Map(orgUnits.map((u) => [u.id, u.name])))}
        rows={users.data}
        rowKey={(u) => u.id}
        rowData={(u) => ({ 'data-user-email': u.email })}
        loading={users.loading}
        loadingText={t.app.loading}
        actions={{
          cell: (u) => (
            <div className="admin-table__actions">
              <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.admin.users.edit}: ${u.displayName}`} onClick={() => setDialog({ kind: 'edit', user: u })}>
                <span className="kern-label">{t.admin.users.edit}</span>
              </button>
              <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${u.active ? t.admin.users.deactivate : t.admin.users.reactivate}: ${u.displayName}`} onClick={() => setDialog({ kind: 'activation', user: u })}>
                <span className="kern-label">{u.active ? t.admin.users.deactivate : t.admin.users.reactivate}</span>
              </button>
            </div>
          ),
        }}
      />
      {dialog?.kind === 'invite' ? (
        <InviteUserDialog orgUnits={orgUnits} onClose={() => setDialog(null)} onInvited={users.reload} />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditUserDialog user={dialog.user} orgUnits={orgUnits} onClose={() => setDialog(null)} onSaved={(u) => saved(u, t.admin.users.saved(u.displayName))} />
      ) : null}
      {dialog?.kind === 'activation' ? (
        <ActivationDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onSaved={(u) => saved(u, u.active ? t.admin.users.reactivated(u.displayName) : t.admin.users.deactivated(u.displayName))}
        />
      ) : null}
    </section>
  );
}
