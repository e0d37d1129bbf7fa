import type { CaseEvent } from '../api/types';
import { t } from '../i18n/de';
import { formatDate } from '../i18n/format';
import { followUpDetails } from '../followups/eventDetails';

type Change<T> = { from: T | null; to: T | null } | undefined;
type Ref = { id?: string; name?: string } | string;

const nameOf = (ref: Ref | null | undefined) => (typeof ref === 'string' ? ref : ref?.name ?? '');

/** German headline and detail lines of a history event. */
export function describeEvent(event: CaseEvent): { title: string; details: string[] } {
  const data = event.data ?? {};
  const details: string[] = [];
  switch (event.type) {
    case 'case.status_changed': {
      const status = data.status as Change<string>;
      const reason = data.reason as Change<string>;
      const unit = data.orgUnit as Change<Ref>;
      const to = status?.to ?? '';
      const from = status?.from ?? '';
      const title = from ? `${t.status[from] ?? from} → ${t.status[to] ?? to}` : t.eventDetails.statusTo(t.status[to] ?? to);
      if (unit?.to && nameOf(unit.to)) details.push(t.eventDetails.forwardedTo(nameOf(unit.to)));
      if (reason?.to) details.push(`${t.eventDetails.reason}: ${reason.to}`);
      return { title, details };
    }
    case 'case.assigned': {
      const assignee = data.assignee as Change<Ref>;
      if (assignee?.to) return { title: `${t.events['case.assigned']} ${t.eventDetails.assignedTo(nameOf(assignee.to))}`, details };
      return { title: t.events['case.unassigned']!, details };
    }
    case 'case.attachment_added':
    case 'attachment.added':
      if (typeof data.fileName === 'string') details.push(data.fileName);
      return { title: t.events[event.type]!, details };
    case 'message.received': {
      const refused = Array.isArray(data.refusedAttachments) ? (data.refusedAttachments as Array<{ fileName?: string }>) : [];
      for (const file of refused) details.push(t.scan.refused(file.fileName ?? ''));
      return { title: t.events[event.type]!, details };
    }
    case 'message.sent': {
      const channel = typeof data.channel === 'string' ? data.channel : '';
      if (channel) details.push(t.eventDetails.route(t.mailbox.channel[channel] ?? channel));
      return { title: t.events[event.type]!, details };
    }
    case 'message.posted':
      if (typeof data.postedOn === 'string') details.push(t.eventDetails.postedOn(formatDate(data.postedOn)));
      return { title: t.events[event.type]!, details };
    case 'intake.received': {
      const channel = typeof data.channel === 'string' ? data.channel : '';
      if (channel) details.push(t.eventDetails.channel(t.eventDetails.channels[channel] ?? channel));
      if (Array.isArray(data.attachments) && data.attachments.length) details.push(t.eventDetails.attachments(data.attachments.length));
      return { title: t.events[event.type]!, details };
    }
    case 'legal_hold.set':
    case 'legal_hold.released':
    case 'erasure.requested':
    case 'erasure.confirmed':
    case 'erasure.withdrawn':
      if (typeof data.reason === 'string') details.push(`${t.eventDetails.reason}: ${data.reason}`);
      return { title: t.events[event.type]!, details };
    case 'case.applicant_corrected':
      if (typeof data.field === 'string') details.push(t.eventDetails.correctedField(t.eventDetails.applicantFields[data.field] ?? data.field));
      if (typeof data.reason === 'string') details.push(`${t.eventDetails.reason}: ${data.reason}`);
      return { title: t.events[event.type]!, details };
    case 'follow_up.created':
    case 'follow_up.updated':
    case 'follow_up.done':
    case 'follow_up.reopened':
      return { title: t.events[event.type]!, details: followUpDetails(data) };
    default:
      // An event this desk has no label for yet (an older desk than the server) reads "Ereignis", never a code.
      return { title: t.events[event.type] ?? t.eventDetails.unknown, details };
  }
}
