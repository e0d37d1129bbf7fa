import { useState } from 'react';
import { useMe } from '../auth/session';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { annotationOf, useLiveEvents } from './liveEvents';

interface LiveChangeNoticeProps {
  caseId: string;
  onReload: () => void;
  /** A colleague's note or follow-up: the case itself (and its version) did not change; e.g. refresh the history. */
  onAnnotation?: () => void;
}

/**
 * In the case detail: someone else changed this case — say who, and offer to reload. Notes and
 * follow-ups do not change the case; their panels show them without asking (useCaseAnnotations).
 */
export function LiveChangeNotice({ caseId, onReload, onAnnotation }: LiveChangeNoticeProps) {
  const me = useMe();
  const [changedBy, setChangedBy] = useState<string | null>(null);
  useLiveEvents((m) => {
    if (m.type !== 'case.changed' || m.caseId !== caseId || m.by.id === me.user.id) return;
    if (annotationOf(m)) onAnnotation?.();
    else setChangedBy(m.by.name || '?');
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
