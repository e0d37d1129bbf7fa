import type { CaseDetail } from '../api/types';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';

/** On a case of another municipality that we work under an agreement: whose case it is and who acts. */
export function DelegatedBanner({ detail }: { detail: CaseDetail }) {
  if (!detail.delegatedFrom) return null;
  const { owner, acting } = detail.delegatedFrom;
  return (
    <div className="delegated-banner" data-testid="delegated-banner">
      <Alert tone="info" title={t.delegation.banner(owner)}>
        <p className="kern-body">{t.delegation.bannerText(owner, acting)}</p>
      </Alert>
    </div>
  );
}
