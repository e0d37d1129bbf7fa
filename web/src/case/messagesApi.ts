import { ApiError, api, currentCsrfToken } from '../api/client';
import type { ApiResponse, ItemOf } from '../api/contract';
import { t } from '../i18n/de';

export type CaseMessages = ApiResponse<'/api/cases/{id}/messages', 'get'>;
export type CaseMessage = ItemOf<CaseMessages>;
/** Which way a message would go now, and why (GET …/messages/route). */
export type MessageRoute = ApiResponse<'/api/cases/{id}/messages/route', 'get'>;

const base = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/messages`;

export const messagesApi = {
  list: (caseId: string, signal?: AbortSignal) => api<CaseMessages>(base(caseId), { signal }),
  route: (caseId: string, signal?: AbortSignal) => api<MessageRoute>(`${base(caseId)}/route`, { signal }),
  letterUrl: (caseId: string, messageId: string) => `${base(caseId)}/${encodeURIComponent(messageId)}/letter`,
  confirmPosted: (caseId: string, messageId: string, postedOn: string) =>
    api<CaseMessage>(`${base(caseId)}/${encodeURIComponent(messageId)}/posted`, { method: 'POST', body: { postedOn } }),
  seen: (caseId: string) => api<void>(`${base(caseId)}/seen`, { method: 'POST' }),
  retry: (caseId: string, messageId: string) => api<CaseMessage>(`${base(caseId)}/${encodeURIComponent(messageId)}/retry`, { method: 'POST' }),
  /** Multipart, so uploaded files travel with the message. */
  async send(caseId: string, input: { subject: string; body: string; replyBy: string; attachmentIds: string[]; files: File[]; asLetter?: boolean }): Promise<CaseMessage> {
    const form = new FormData();
    form.append('subject', input.subject);
    form.append('body', input.body);
    if (input.replyBy) form.append('replyBy', input.replyBy);
    if (input.asLetter) form.append('deliverAs', 'letter');
    if (input.attachmentIds.length) form.append('attachmentIds', input.attachmentIds.join(','));
    for (const file of input.files) form.append('attachment', file, file.name);
    let response: Response;
    try {
      response = await fetch(base(caseId), {
        method: 'POST', body: form, credentials: 'include', headers: { accept: 'application/json', 'x-csrf-token': currentCsrfToken() ?? '' },
      });
    } catch {
      throw new ApiError(0, 'network', t.app.networkError);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      throw new ApiError(response.status, String(body.code ?? `http_${response.status}`), String(body.detail ?? t.app.unexpectedError), body.field as string | undefined, body);
    }
    return body as unknown as CaseMessage;
  },
};
