import type { applicationDetail, listApplications } from './service.js';

const iso = (value: Date | string) => new Date(value).toISOString();

type ApplicationRow = Awaited<ReturnType<typeof listApplications>>[number];

export function presentApplication(row: Omit<ApplicationRow, 'unread'> & { unread?: string | number | null }) {
  return {
    id: row.id,
    caseNumber: row.case_number,
    title: row.title,
    service: row.service_name,
    status: row.status,
    receivedAt: iso(row.received_at),
    updatedAt: iso(row.updated_at),
    unreadMessages: Number(row.unread ?? 0),
  };
}

export function presentApplicationDetail(detail: Awaited<ReturnType<typeof applicationDetail>>) {
  const messages = detail.messages.map((m) => ({
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    subject: m.subject,
    body: m.body,
    replyBy: m.reply_by,
    sentAt: iso(m.delivered_at ?? m.created_at),
    readAt: m.read_at ? iso(m.read_at) : null,
    inReplyTo: m.in_reply_to,
    attachments: m.attachments,
  }));
  return {
    ...presentApplication({ ...detail.row, unread: messages.filter((m) => m.direction === 'out' && !m.readAt).length }),
    messages,
  };
}
