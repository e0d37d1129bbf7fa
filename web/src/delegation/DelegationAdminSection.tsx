import { useState } from 'react';
import { adminApi } from '../admin/adminApi';
import type { AdminOrgUnit } from '../admin/types';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { formatDate } from '../i18n/format';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { AcceptDialog, RevokeDialog } from './AgreementDialogs';
import { delegationApi, type Agreement } from './delegationApi';
import { ProposeAgreementForm } from './ProposeAgreementForm';

const A = t.delegation.admin;
const validity = (a: Agreement) => A.validity(formatDate(a.validFrom), a.validUntil ? formatDate(a.validUntil) : null);
const state = (a: Agreement) => (a.status === 'accepted' && !a.active ? A.expired : A.status[a.status]);
const IN = A.incomingCols;
const ALL = A.cols;
/** Both tables as before the shared table: visible caption, no scroll wrapper, a muted note instead of an empty table. */
const LISTED = { className: '', captionClassName: 'kern-table__caption', scroll: false, emptyAsNote: true } as const;

/** /verwaltung/zusammenarbeit — agreements with other municipalities, for the admins of both sides. */
export function DelegationAdminSection({ orgUnits }: { orgUnits: AdminOrgUnit[] }) {
  const agreements = useAsync((signal) => delegationApi.agreements(signal).then((r) => r.items), []);
  const services = useAsync(() => adminApi.services().then((r) => r.items), []);
  const [accepting, setAccepting] = useState<Agreement>();
  const [revoking, setRevoking] = useState<Agreement>();
  const [notice, setNotice] = useState<string>();
  const all = agreements.data ?? [];
  const incoming = all.filter((a) => a.side === 'acceptor' && a.status === 'proposed');
  const others = all.filter((a) => !incoming.includes(a));
  const done = (message: string) => { setNotice(message); setAccepting(undefined); setRevoking(undefined); agreements.reload(); };
  const error = agreements.error ?? services.error;
  return (
    <section className="admin-section" aria-labelledby="delegation-heading">
      <h2 id="delegation-heading" className="kern-heading-medium">{A.tab}</h2>
      <p className="kern-body">{A.intro}</p>
      {error ? <Alert tone="danger" title={isApiError(error) ? error.detail : t.app.unexpectedError} /> : null}
      <div role="status">{notice ? <Alert tone="success" title={notice} /> : null}</div>

      <h3 className="kern-heading-small">{A.incoming}</h3>
      <AdminTable
        caption={A.incomingCaption}
        {...LISTED}
        rows={agreements.data ? incoming : undefined}
        rowKey={(a) => a.id}
        empty={A.noIncoming}
        columns={[
          { header: IN.partner, cell: (a) => a.partner.name },
          { header: IN.kind, cell: (a) => A.kindFor.acceptor![a.kind] },
          { header: IN.service, cell: (a) => a.service?.name ?? '–' },
          { header: IN.validity, cell: validity },
          { header: IN.note, cell: (a) => a.note ?? '–' },
        ]}
        actions={{
          header: IN.action,
          cell: (a) => (
            <>
              <button type="button" className="kern-btn kern-btn--primary" onClick={() => setAccepting(a)}>
                <span className="kern-label">{A.accept(a.partner.name)}</span>
              </button>{' '}
              <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setRevoking(a)}>
                <span className="kern-label">{A.decline(a.partner.name)}</span>
              </button>
            </>
          ),
        }}
      />

      <h3 className="kern-heading-small">{A.current}</h3>
      <AdminTable
        caption={A.caption}
        {...LISTED}
        rows={agreements.data ? others : undefined}
        rowKey={(a) => a.id}
        empty={A.noAgreements}
        columns={[
          { header: ALL.partner, cell: (a) => a.partner.name },
          { header: ALL.kind, cell: (a) => A.kindFor[a.side]![a.kind] },
          { header: ALL.service, cell: (a) => a.service?.name ?? '–' },
          { header: ALL.orgUnit, cell: (a) => a.orgUnit?.name ?? '–' },
          { header: ALL.validity, cell: validity },
          { header: ALL.state, cell: state },
        ]}
        actions={{
          header: ALL.action,
          cell: (a) => (a.status !== 'revoked' ? (
            <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setRevoking(a)}>
              <span className="kern-label">{A.revoke(a.partner.name)}</span>
            </button>
          ) : '–'),
        }}
      />

      <ProposeAgreementForm services={services.data ?? []} onProposed={() => agreements.reload()} />
      {accepting ? (
        <AcceptDialog agreement={accepting} orgUnits={orgUnits} onClose={() => setAccepting(undefined)} onDone={(a) => done(A.accepted(a.partner.name))} />
      ) : null}
      {revoking ? (
        <RevokeDialog agreement={revoking} onClose={() => setRevoking(undefined)} onDone={(a) => done(A.revoked(a.partner.name))} />
      ) : null}
    </section>
  );
}
