import type { Applicant, CaseDetail } from '../api/types';
import { mailboxWords } from './mailboxText';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { StatusBadge } from '../ui/StatusBadge';
import { DeputyBadge } from '../deadlines/DeadlineCell';

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="kern-description-list-item">
      <dt className="kern-description-list-item__key">{label}</dt>
      <dd className="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

function address(a: Applicant): string {
  const ad = a.address;
  if (!ad) return '';
  return [[ad.street, ad.houseNumber].filter(Boolean).join(' '), [ad.postalCode, ad.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
}

/** Case number, title and status as the page heading; the key facts as a description list. */
export function CaseHeader({ detail }: { detail: CaseDetail }) {
  const a = detail.applicant ?? { kind: 'person' };
  const contact = [a.email, a.phone].filter(Boolean).join(' · ');
  return (
    <header className="case-header">
      <p className="kern-preline case-header__number">{detail.caseNumber}</p>
      <div className="case-header__title">
        <h1 className="kern-heading-large">{detail.title}</h1>
        <StatusBadge status={detail.status} />
      </div>
      <dl className="kern-description-list kern-description-list--col case-facts">
        <Item label={t.caseDetail.number}>{detail.caseNumber}</Item>
        <Item label={t.caseDetail.status}>{t.status[detail.status] ?? detail.status}</Item>
        <Item label={t.caseDetail.service}>{detail.service.name}</Item>
        <Item label={t.caseDetail.orgUnit}>{detail.orgUnit.name}</Item>
        <Item label={t.caseDetail.applicant}>{detail.applicantName}</Item>
        {address(a) ? <Item label={t.caseDetail.address}>{address(a)}</Item> : null}
        {contact ? <Item label={t.caseDetail.contact}>{contact}</Item> : null}
        {a.mailbox ? <Item label={t.caseDetail.mailbox}>{mailboxWords(a.mailbox)}</Item> : null}
        <Item label={t.caseDetail.assignee}>
          {detail.assignee?.displayName ?? t.inbox.unassigned}
          {detail.inDeputyFor ? <> <DeputyBadge name={detail.inDeputyFor.displayName} /></> : null}
        </Item>
        {detail.handedOverTo ? <Item label={t.caseDetail.handedOver}>{t.caseDetail.handedOverTo(detail.handedOverTo.name, detail.handedOverTo.exclusive)}</Item> : null}
        <Item label={t.caseDetail.received}>{formatDateTime(detail.receivedAt)}</Item>
        <Item label={t.caseDetail.updated}>{formatDateTime(detail.updatedAt)}</Item>
        {detail.priority !== 'normal' ? <Item label={t.caseDetail.priority}>{t.priority[detail.priority]}</Item> : null}
      </dl>
    </header>
  );
}
