import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';

export type RegisterQueryBody = ApiBody<'/api/cases/{id}/register-queries', 'post'>;
export type RegisterAnswer = ApiResponse<'/api/cases/{id}/register-queries', 'post'>;
export type RegisterLog = ApiResponse<'/api/cases/{id}/register-queries', 'get'>;
export type RegisterName = RegisterQueryBody['register'];

const base = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/register-queries`;

/** Register queries from a case (server/src/registers/routes.ts). */
export const registersApi = {
  log: (caseId: string, signal?: AbortSignal) => api<RegisterLog>(base(caseId), { signal }),
  query: (caseId: string, body: RegisterQueryBody) => api<RegisterAnswer>(base(caseId), { method: 'POST', body }),
};
