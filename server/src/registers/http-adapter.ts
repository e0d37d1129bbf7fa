import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { outboundFetch, type OutboundPolicy } from '../shared/outbound/index.js';
import { readBounded } from '../shared/bounded-body.js';
import { RegisterRecordSchema, RegisterUnavailable, type QueryContext, type RegisterAdapter, type RegisterName, type RegisterQuery } from './adapter.js';

const AnswerSchema = Type.Object({ records: Type.Array(RegisterRecordSchema, { maxItems: 20 }) });
const MAX_ANSWER_BYTES = 128 * 1024;

/**
 * The register gateway over HTTP(S): POST <url>/v1/<register>/queries with the query, the asking
 * authority (AGS), the case number, legal basis and purpose; the gateway answers { records }.
 * Through the SSRF guard, with a timeout and a bounded answer (docs/integration.md, „Registerabfragen“).
 */
export function httpRegisterAdapter(gateway: { url: string; token?: string; timeoutMs: number }, outbound: OutboundPolicy): RegisterAdapter {
  const base = gateway.url.replace(/\/+$/, '');
  return {
    async query(register: RegisterName, query: RegisterQuery, context: QueryContext) {
      let response: Response;
      try {
        response = await outboundFetch(`${base}/v1/${register}/queries`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json', accept: 'application/json', 'user-agent': 'Amtsdesk-Register/1',
            ...(gateway.token ? { authorization: `Bearer ${gateway.token}` } : {}),
          },
          body: JSON.stringify({ query, requester: { ags: context.tenantAgs, caseNumber: context.caseNumber }, legalBasis: context.legalBasis, purpose: context.purpose }),
          signal: AbortSignal.timeout(gateway.timeoutMs),
        }, outbound);
      } catch (error) {
        throw new RegisterUnavailable(`gateway unreachable: ${(error as Error).name}`);
      }
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => {});
        throw new RegisterUnavailable(`gateway answered HTTP ${response.status}`);
      }
      const text = await readBounded(response.body, MAX_ANSWER_BYTES).catch(() => null);
      let answer: unknown;
      try {
        answer = text === null ? null : JSON.parse(text);
      } catch {
        answer = null;
      }
      if (!Value.Check(AnswerSchema, answer)) throw new RegisterUnavailable('gateway answer not in the contract');
      return answer.records;
    },
  };
}
