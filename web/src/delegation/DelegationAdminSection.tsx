import { useState } from 'react';
import { adminApi } from '../admin/adminApi';
import type { AdminOrgUnit } from '../admin/types';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { formatDate } from '../i18n/format';
import { Alert } from '../ui/Alert';
import { AcceptDialog, RevokeDialog } from './AgreementDialogs';
import { delegationApi, type Agreement } from './delegationApi';
import { ProposeAgreementForm } from './ProposeAgreementForm';

const A = t.delegation.admin;
const validity = (a: Agreement) => A.validity(formatDate(a.validFrom), a.validUntil ? formatDate(a.validUntil) : null);
const state = (a: Agreement) => (a.status === 'accepted' && !a.active ? A.expired : A.status[a.status]);

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
      {agreements.data && !incoming.length ? <p className="kern-body muted">{A.noIncoming}</p> : null}
      {incoming.length ? (
        <table className="kern-table">
          <caption className="kern-table__caption">{A.incomingCaption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">{A.incomingCols.map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}</tr>
          </thead>
          <tbody className="kern-table__body">
            {incoming.map((a) => (
              <tr key={a.id} className="kern-table__row">
                <td className="kern-table__cell">{a.partner.name}</td>
                <td className="kern-table__cell">{A.kindFor.acceptor![a.kind]}</td>
                <td className="kern-table__cell">{a.service?.name ?? '–'}</td>
                <td className="kern-table__cell">{validity(a)}</td>
                <td className="kern-table__cell">{a.note ?? '–'}</td>
                <td className="kern-table__cell">
                  <button type="button" className="kern-btn kern-btn--primary" onClick={() => setAccepting(a)}>
                    <span className="kern-label">{A.accept(a.partner.name)}</span>
                  </button>{' '}
                  <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setRevoking(a)}>
                    <span className="kern-label">{A.decline(a.partner.name)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h3 className="kern-heading-small">{A.current}</h3>
      {agreements.data && !others.length ? <p className="kern-body muted">{A.noAgreements}</p> : null}
      {others.length ? (
        <table className="kern-table">
          <caption className="kern-table__caption">{A.caption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">{A.cols.map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}</tr>
          </thead>
          <tbody className="kern-table__body">
            {others.map((a) => (
              <tr key={a.id} className="kern-table__row">
                <td className="kern-table__cell">{a.partner.name}</td>
                <td className="kern-table__cell">{A.kindFor[a.side]![a.kind]}</td>
                <td className="kern-table__cell">{a.service?.name ?? '–'}</td>
                <td className="kern-table__cell">{a.orgUnit?.name ?? '–'}</td>
                <td className="kern-table__cell">{validity(a)}</td>
                <td className="kern-table__cell">{state(a)}</td>
                <td className="kern-table__cell">
                  {a.status !== 'revoked' ? (
                    <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setRevoking(a)}>
                      <span className="kern-label">{A.revoke(a.partner.name)}</span>
                    </button>
                  ) : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

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
