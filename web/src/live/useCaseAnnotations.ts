import { useMe } from '../auth/session';
import { annotationOf, useLiveEvents, type CaseAnnotation } from './liveEvents';

/**
 * A colleague added, edited or deleted a note (or follow-up) of this case: the panel reloads its
 * list quietly, with the colleague's name for a polite announcement. After a lost connection the
 * panel reloads too (notices sent meanwhile are gone). Own changes are in the panel already.
 */
export function useCaseAnnotations(caseId: string, kind: CaseAnnotation, onChange: (byName: string | null) => void): void {
  const me = useMe();
  useLiveEvents((m) => {
    if (m.type === 'reconnected') onChange(null);
    else if (m.caseId === caseId && annotationOf(m) === kind && m.by.id !== me.user.id) onChange(m.by.name || null);
  });
}
