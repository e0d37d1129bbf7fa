import { DeliveryError } from '../../outbox/deliverers/types.js';
import { outboundFetch, type OutboundPolicy } from '../../shared/outbound/index.js';

/**
 * OAuth2 client credentials (RFC 6749 §4.4), as FIT-Connect's token endpoint and the Postfach
 * gateways expect it. Tokens are kept in memory (never stored) until shortly before they expire,
 * keyed by token URL and client id; a token the service refuses with 401 is forgotten at once.
 */
const cache = new Map<string, { token: string; expiresAt: number }>();

export interface ClientCredentials { tokenUrl: string; clientId: string; clientSecret: string; scope?: string }

export async function clientCredentialsToken(c: ClientCredentials, outbound: OutboundPolicy, service: string): Promise<string> {
  const key = `${c.tokenUrl}\n${c.clientId}`;
  const cached = cache.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, ...(c.scope ? { scope: c.scope } : {}) });
  const res = await outboundFetch(c.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    signal: AbortSignal.timeout(30_000),
  }, outbound);
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    // 400/401: wrong client id or secret — repeating the same request cannot help.
    throw new DeliveryError(`${service}: Anmeldung am Token-Endpunkt abgelehnt (HTTP ${res.status})`, res.status === 400 || res.status === 401);
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
  if (typeof body.access_token !== 'string') throw new DeliveryError(`${service}: Der Token-Endpunkt lieferte kein Zugriffstoken`);
  const seconds = typeof body.expires_in === 'number' ? body.expires_in : 300;
  cache.set(key, { token: body.access_token, expiresAt: Date.now() + Math.max(0, seconds - 30) * 1000 });
  return body.access_token;
}

/** Forget a token the service refused (401), so the next attempt signs in afresh. */
export function forgetToken(c: Pick<ClientCredentials, 'tokenUrl' | 'clientId'>): void {
  cache.delete(`${c.tokenUrl}\n${c.clientId}`);
}
