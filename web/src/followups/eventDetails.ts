import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';

type Ref = { id?: string; name?: string } | null | undefined;

/** Detail lines of a follow-up history event: due date (or its change) and the person reminded. */
export function followUpDetails(data: Record<string, unknown>): string[] {
  const details: string[] = [];
  const due = data.dueDate as string | { from: string; to: string } | undefined;
  if (typeof due === 'string') details.push(t.followUps.eventDue(formatDate(due)));
  else if (due?.to) details.push(t.followUps.eventDueMoved(formatDate(due.to), formatDate(due.from)));
  const owner = data.owner as Ref | { from: Ref; to: Ref } | undefined;
  const to = owner && 'to' in owner ? owner.to : (owner as Ref);
  if (to?.name) details.push(t.followUps.eventFor(to.name));
  return details;
}
