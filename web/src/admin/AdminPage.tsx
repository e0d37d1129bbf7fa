import { isApiError } from '../api/client';
import { Link, useLocation } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { adminApi } from './adminApi';
import { ApiTokensSection } from './ApiTokensSection';
import { FachverfahrenSection } from './FachverfahrenSection';
import { OrgUnitsSection } from './OrgUnitsSection';
import { ServicesSection } from './ServicesSection';
import { IdentifiersSection } from './IdentifiersSection';
import { PostfachSection } from './PostfachSection';
import { ApplicantMappingSection } from './ApplicantMappingSection';
import { UsersSection } from './UsersSection';
import { WebhooksSection } from './WebhooksSection';
import { DecisionAdminSection } from '../decisions/admin/DecisionAdminSection';
import { RetentionSection } from '../records/RetentionSection';
import { TenantExportSection } from '../records/TenantExportSection';
import { DeadlineAdminSection } from '../deadlines/DeadlineAdminSection';
import { StaffOidcSection } from './StaffOidcSection';
import { XdomeaAdminSection } from '../xdomea/XdomeaAdminSection';
import { ProcessorAdminSection } from '../processors/ProcessorAdminSection';
import { DelegationAdminSection } from '../delegation/DelegationAdminSection';
import './admin.css';

const TABS = [
  { path: '/verwaltung', label: t.admin.users.title },
  { path: '/verwaltung/organisationseinheiten', label: t.admin.orgUnits.title },
  { path: '/verwaltung/leistungen', label: t.admin.services.title },
  { path: '/verwaltung/zustaendigkeit', label: t.admin.identifiers.title },
  { path: '/verwaltung/postfaecher', label: t.admin.postfach.title },
  { path: '/verwaltung/antragstellerdaten', label: t.admin.applicantMapping.title },
  { path: '/verwaltung/api-schluessel', label: t.admin.tokens.title },
  { path: '/verwaltung/fachverfahren', label: t.admin.fachverfahren.title },
  { path: '/verwaltung/webhooks', label: t.admin.webhooks.title },
  { path: '/verwaltung/bescheide', label: t.decisions.admin.title },
  { path: '/verwaltung/aufbewahrung', label: t.records.tab },
  { path: '/verwaltung/export', label: t.tenantExport.tab },
  { path: '/verwaltung/fristen', label: t.deadlines.admin.tab },
  { path: '/verwaltung/anmeldung', label: t.staffOidc.admin.tab },
  { path: '/verwaltung/xdomea', label: t.xdomea.admin.tab },
  { path: '/verwaltung/pruefdienste', label: t.processors.admin.tab },
  { path: '/verwaltung/zusammenarbeit', label: t.delegation.admin.tab, permission: 'delegation.manage' },
] as const;

/** /verwaltung/… — tenant administration for the municipality's admins (admin:manage). */
export default function AdminPage() {
  const me = useMe();
  const { pathname } = useLocation();
  // A tab that needs more than tenant.admin is hidden from admins without it.
  const tabs = TABS.filter((tab) => !('permission' in tab) || may(me, tab.permission));
  const current = tabs.find((tab) => tab.path === pathname.replace(/\/+$/, '')) ?? tabs[0]!;
  useTitle(`${current.label} – ${t.admin.title}`);
  const units = useAsync(() => adminApi.orgUnits().then((r) => r.items), []);

  if (!may(me, 'tenant.admin')) {
    return (
      <section className="page">
        <h1 className="kern-heading-large">{t.admin.title}</h1>
        <Alert tone="warning" title={t.admin.notAllowed} />
      </section>
    );
  }

  return (
    <section className="page admin">
      <h1 className="kern-heading-large">{t.admin.title}</h1>
      <nav aria-label={t.admin.sections} className="admin-tabs">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.path}>
              <Link href={tab.path} aria-current={tab === current ? 'page' : undefined}>
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {units.error ? <Alert tone="danger" title={isApiError(units.error) ? units.error.detail : t.app.unexpectedError} /> : null}
      {current.path === '/verwaltung' ? <UsersSection orgUnits={units.data ?? []} /> : null}
      {current.path === '/verwaltung/organisationseinheiten' ? <OrgUnitsSection orgUnits={units.data ?? []} onChanged={units.setData} /> : null}
      {current.path === '/verwaltung/leistungen' ? <ServicesSection orgUnits={units.data ?? []} /> : null}
      {current.path === '/verwaltung/zustaendigkeit' ? <IdentifiersSection /> : null}
      {current.path === '/verwaltung/postfaecher' ? <PostfachSection /> : null}
      {current.path === '/verwaltung/antragstellerdaten' ? <ApplicantMappingSection /> : null}
      {current.path === '/verwaltung/api-schluessel' ? <ApiTokensSection /> : null}
      {current.path === '/verwaltung/fachverfahren' ? <FachverfahrenSection /> : null}
      {current.path === '/verwaltung/webhooks' ? <WebhooksSection /> : null}
      {current.path === '/verwaltung/bescheide' ? <DecisionAdminSection /> : null}
      {current.path === '/verwaltung/aufbewahrung' ? <RetentionSection /> : null}
      {current.path === '/verwaltung/xdomea' ? <XdomeaAdminSection /> : null}
      {current.path === '/verwaltung/export' ? <TenantExportSection /> : null}
      {current.path === '/verwaltung/fristen' ? <DeadlineAdminSection /> : null}
      {current.path === '/verwaltung/pruefdienste' ? <ProcessorAdminSection /> : null}
      {current.path === '/verwaltung/zusammenarbeit' ? <DelegationAdminSection orgUnits={units.data ?? []} /> : null}
      {current.path === '/verwaltung/anmeldung' ? <StaffOidcSection orgUnits={units.data ?? []} /> : null}
    </section>
  );
}
