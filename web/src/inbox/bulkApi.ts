import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';

type BulkBody = ApiBody<'/api/cases/bulk', 'post'>;
type BulkAnswer = ApiResponse<'/api/cases/bulk', 'post'>;
export type BulkAction = BulkBody['action'];
export type BulkResult = BulkAnswer['results'][number];

/** The server takes up to 500 ids; small chunks keep each request short and the progress honest. */
export const BULK_CHUNK = 50;

/**
 * Sends the selection in chunks of 50 and reports progress after each chunk. A failed request
 * (network, expired session after re-sign-in refused …) marks that chunk's cases as failed and
 * the run goes on with the next chunk.
 */
export async function runBulk(
  action: BulkAction,
  caseIds: string[],
  assigneeId: string | null | undefined,
  onProgress: (done: number) => void,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (let i = 0; i < caseIds.length; i += BULK_CHUNK) {
    const chunk = caseIds.slice(i, i + BULK_CHUNK);
    try {
      const body: BulkBody = action === 'assign' ? { action, caseIds: chunk, assigneeId: assigneeId ?? null } : { action, caseIds: chunk };
      const answer = await api<BulkAnswer>('/api/cases/bulk', { method: 'POST', body });
      results.push(...answer.results);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      results.push(...chunk.map((caseId) => ({ caseId, ok: false, code: 'request_failed', detail })));
    }
    onProgress(Math.min(i + chunk.length, caseIds.length));
  }
  return results;
}
