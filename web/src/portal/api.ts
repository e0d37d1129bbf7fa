import { ApiError } from '../api/client';
import type { ApiBody, ApiResponse, ItemOf } from '../api/contract';
import { t } from '../i18n/de';

export type PortalMe = ApiResponse<'/api/portal/me', 'get'>;
export type Application = ItemOf<ApiResponse<'/api/portal/applications', 'get'>>;
export type ApplicationDetail = ApiResponse<'/api/portal/applications/{id}', 'get'>;
export type PortalMessage = ApplicationDetail['messages'][number];

let csrf = '';

/** Shared with the participant pages (participants/portal-api.ts): same cookie, same CSRF token. */
export async function call<T>(path: string, init: { method?: string; json?: unknown; form?: FormData; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.method && init.method !== 'GET') headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(`/api/portal${path}`, {
      method: init.method ?? 'GET', headers, credentials: 'same-origin', signal: init.signal,
      body: init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', t.app.networkError);
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new ApiError(response.status, String(body.code ?? `http_${response.status}`), String(body.detail ?? t.app.unexpectedError), body.field as string | undefined);
  }
  return body as T;
}

const remember = (me: PortalMe) => {
  csrf = me.csrfToken;
  return me;
};

/** The citizen portal API (its own cookie; never the staff session). */
export const portalApi = {
  me: () => call<PortalMe>('/me').then(remember),
  config: () => call<ApiResponse<'/api/portal/auth/config', 'get'>>('/auth/config'),
  oidcStartUrl: (tenant: string) => `/api/portal/oidc/start?tenant=${encodeURIComponent(tenant)}`,
  signIn: (token: string) => call<ApiResponse<'/api/portal/session', 'post'>>('/session', { method: 'POST', json: { token } satisfies ApiBody<'/api/portal/session', 'post'> }).then(remember),
  requestLink: (email: string) => call<ApiResponse<'/api/portal/login-links', 'post'>>('/login-links', { method: 'POST', json: { email } satisfies ApiBody<'/api/portal/login-links', 'post'> }),
  signOut: () => call<void>('/logout', { method: 'POST' }),
  applications: (signal?: AbortSignal) => call<ApiResponse<'/api/portal/applications', 'get'>>('/applications', { signal }),
  application: (id: string, signal?: AbortSignal) => call<ApplicationDetail>(`/applications/${encodeURIComponent(id)}`, { signal }),
  markRead: (id: string, messageId: string) => call<void>(`/applications/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}/read`, { method: 'POST' }),
  reply: (id: string, form: FormData) => call<ApiResponse<'/api/portal/applications/{id}/replies', 'post'>>(`/applications/${encodeURIComponent(id)}/replies`, { method: 'POST', form }),
  /** Always a download: files in messages are never shown on our origin. */
  fileUrl: (id: string, fileId: string) =>
    `/api/portal/applications/${encodeURIComponent(id)}/attachments/${encodeURIComponent(fileId)}/content`,
};
