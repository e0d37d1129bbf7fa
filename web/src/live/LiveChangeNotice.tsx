import { useState } from 'react';
import { useMe } from '../auth/session';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { useLiveEvents } from './liveEvents';

/** In the case detail: someone else changed this case — say who, and offer to reload. */
export function LiveChangeNotice({ caseId, onReload }: { caseId: string; onReload: () => void }) {
  const me = useMe();
  const [changedBy, setChangedBy] = useState<string | null>(null);
  useLiveEvents((m) => {
    if (m.type === 'case.changed' && m.caseId === caseId && m.by.id !== me.user.id) setChangedBy(m.by.name || '?');
  });
  if (!changedBy) return null;
  return (
    <Alert tone="info" title={t.live.changedBy(changedBy)}>
      <button
        type="button"
        className="kern-btn kern-btn--secondary"
        onClick={() => {
          setChangedBy(null);
          onReload();
        }}
      >
        <span className="kern-icon kern-icon--autorenew" aria-hidden="true" />
        <span className="kern-label">{t.live.reload}</span>
      </button>
    </Alert>
  );
}
