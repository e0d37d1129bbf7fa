import { useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { isApiError } from '../api/client';
import { casesApi } from '../api/endpoints';
import type { CaseSummary } from '../api/types';
import { useMe } from '../auth/session';
import { annotationOf, useLiveEvents } from './liveEvents';

/**
 * Live updates for the inbox: counts new cases (shown as "n neue Vorgänge – anzeigen"), and quietly
 * refreshes a listed case when a colleague changes it — in place, so scroll position and the bulk
 * selection stay as they are. A case that left the user's view (forwarded away) drops out.
 */
export function useInboxLive(items: CaseSummary[], setItems: Dispatch<SetStateAction<CaseSummary[]>>, reload: () => void) {
  const me = useMe();
  const [newCount, setNewCount] = useState(0);
  const listed = useRef(new Set<string>());
  listed.current = new Set(items.map((c) => c.id));

  const refreshRow = async (caseId: string) => {
    try {
      const detail = await casesApi.get(caseId);
      setItems((prev) =>
        prev.map((c) =>
          c.id === caseId
            ? { ...c, status: detail.status, version: detail.version, assignee: detail.assignee, orgUnit: detail.orgUnit, priority: detail.priority, updatedAt: detail.updatedAt }
            : c,
        ),
      );
    } catch (e) {
      if (isApiError(e, 'not_found')) setItems((prev) => prev.filter((c) => c.id !== caseId));
    }
  };

  useLiveEvents((m) => {
    if (m.type === 'case.created') setNewCount((n) => n + 1);
    // Own changes (single or bulk) refresh the list already; a note changes nothing in the row.
    else if (m.type === 'case.changed' && m.by.id !== me.user.id && listed.current.has(m.caseId) && annotationOf(m) !== 'note') void refreshRow(m.caseId);
    else if (m.type === 'reconnected') reload();
  });

  return {
    newCount,
    showNew: () => {
      setNewCount(0);
      reload();
    },
  };
}
