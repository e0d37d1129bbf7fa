import type { BlobStore } from '../../blobs/blob-store.js';
import { DeliveryError } from '../../outbox/deliverers/types.js';
import type { OutboundPolicy } from '../../shared/outbound/index.js';
import { externalMailboxAdapter } from '../adapters/external.js';
import type { MailboxAdapter, MailboxUpdates, OutgoingMailboxMessage } from '../adapters/types.js';
import { CHANNEL_LABELS, type PostfachChannel } from './accounts.js';
import { clientCredentialsToken } from './oauth.js';
import { missingFields, type PostfachSettingsRow } from './settings.js';
import { zbpAdapter } from './zbp.js';

/** The German delivery error of a Postfach channel the tenant has not (or no longer) set up. */
export function notSetUp(channel: PostfachChannel, what = 'bei dieser Kommune nicht eingeschaltet'): DeliveryError {
  return new DeliveryError(`Adapter nicht eingerichtet: ${CHANNEL_LABELS[channel]} ist ${what}`, true);
}

/**
 * OSI Postfach, BayernID Postkorb and Mein Unternehmenskonto publish no interface for third-party
 * back offices (docs/decisions/0012-postfach-adapters.md). Their adapter slot speaks Amtsdesk's
 * documented mailbox protocol (adapters/external.ts: POST /messages, GET /updates) to a gateway the
 * operator obtains from the account's operator or its data centre; the gateway holds the
 * account-specific connection. Sign-in: OAuth2 client credentials when a token URL is set,
 * otherwise the client secret as bearer token.
 */
function gatewayAdapter(channel: PostfachChannel, s: PostfachSettingsRow, blobs: BlobStore, outbound: OutboundPolicy): MailboxAdapter {
  const label = CHANNEL_LABELS[channel];
  const token = async () => {
    if (s.token_url && s.client_id && s.client_secret) {
      return clientCredentialsToken({ tokenUrl: s.token_url, clientId: s.client_id, clientSecret: s.client_secret }, outbound, label);
    }
    return s.client_secret;
  };
  const inner = async () => externalMailboxAdapter({ baseUrl: s.base_url!, token: await token() }, blobs, outbound);
  return {
    channel,
    async send(message: OutgoingMailboxMessage) {
      return (await inner()).send(message);
    },
    async fetchUpdates(cursor: string | null): Promise<MailboxUpdates> {
      return (await inner()).fetchUpdates!(cursor);
    },
  };
}

/** The adapter of a Postfach channel with the tenant's settings; a clear German error when it is not set up. */
export function postfachAdapter(channel: PostfachChannel, settings: PostfachSettingsRow | undefined, blobs: BlobStore, outbound: OutboundPolicy): MailboxAdapter {
  if (!settings?.enabled) throw notSetUp(channel);
  const missing = missingFields(channel, settings);
  if (missing.length) throw notSetUp(channel, `unvollständig eingerichtet (es fehlt: ${missing.join(', ')})`);
  if (channel === 'bundid') return zbpAdapter(settings, blobs, outbound);
  return gatewayAdapter(channel, settings, blobs, outbound);
}
