import type { CaseDetail } from '../api/types';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';

/** Shown on a case handed over as the lead record: the E-Akte keeps it now, here it can only be read. */
export function ReadOnlyBanner({ detail }: { detail: CaseDetail }) {
  if (!detail.readOnlySince) return null;
  return (
    <div className="xdomea-read-only" data-testid="read-only-banner">
      <Alert tone="info" title={t.xdomea.readOnlyTitle}>
        <p className="kern-body">{t.xdomea.readOnlyText(formatDateTime(detail.readOnlySince))}</p>
      </Alert>
    </div>
  );
}
