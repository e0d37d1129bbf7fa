import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { adminApi } from './adminApi';
import { ActivationDialog, EditUserDialog, InviteUserDialog } from './UserDialogs';
import type { AdminOrgUnit, AdminUser } from './types';

type Dialog = { kind: 'invite' } | { kind: 'edit' | 'activation'; user: AdminUser } | null;

const STATUS_BADGE: Record<AdminUser['status'], string> = { active: 'success', invited: 'info', inactive: 'warning' };

/** Users of the municipality: invite, roles and org units, deactivate/reactivate. */
export function UsersSection({ orgUnits }: { orgUnits: AdminOrgUnit[] }) {
  const users = useAsync(() => adminApi.users().then((r) => r.items), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string>();
  const unitName = new Map(orgUnits.map((u) => [u.id, u.name]));

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
      <div className="table-scroll">
        <table className="kern-table admin-table">
          <caption className="kern-sr-only">{t.admin.users.title}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">{t.admin.users.name}</th>
              <th scope="col" className="kern-table__header">{t.admin.users.email}</th>
              <th scope="col" className="kern-table__header">{t.admin.users.roles}</th>
              <th scope="col" className="kern-table__header">{t.admin.users.orgUnits}</th>
              <th scope="col" className="kern-table__header">{t.admin.status}</th>
              <th scope="col" className="kern-table__header">{t.admin.actions}</th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {users.loading && !users.data ? (
              <tr className="kern-table__row"><td className="kern-table__cell" colSpan={6}>{t.app.loading}</td></tr>
            ) : null}
            {(users.data ?? []).map((u) => (
              <tr key={u.id} className="kern-table__row" data-user-email={u.email}>
                <th scope="row" className="kern-table__cell">{u.displayName}</th>
                <td className="kern-table__cell">{u.email}</td>
                <td className="kern-table__cell">
                  {u.roles.map((r) => t.admin.roles[r] ?? r).join(', ')}
                  {u.rolesFromIdp ? <> <span className="kern-badge kern-badge--info"><span className="kern-label kern-label--small">{t.staffOidc.rolesFromIdpBadge}</span></span></> : null}
                </td>
                <td className="kern-table__cell">
                  {u.orgUnitIds.length ? u.orgUnitIds.map((id) => unitName.get(id) ?? id).join(', ') : <span className="muted">{t.admin.users.allUnits}</span>}
                </td>
                <td className="kern-table__cell">
                  <span className={`kern-badge kern-badge--${STATUS_BADGE[u.status]}`}>
                    <span className="kern-label kern-label--small">{t.admin.users.status[u.status]}</span>
                  </span>
                </td>
                <td className="kern-table__cell">
                  <div className="admin-table__actions">
                    <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.admin.users.edit}: ${u.displayName}`} onClick={() => setDialog({ kind: 'edit', user: u })}>
                      <span className="kern-label">{t.admin.users.edit}</span>
                    </button>
                    <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${u.active ? t.admin.users.deactivate : t.admin.users.reactivate}: ${u.displayName}`} onClick={() => setDialog({ kind: 'activation', user: u })}>
                      <span className="kern-label">{u.active ? t.admin.users.deactivate : t.admin.users.reactivate}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
