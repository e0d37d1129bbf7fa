import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { AppConfig } from '../../config.js';
import { withTenant, type Database, type Trx } from '../../db/database.js';
import type { PostfachSettingsTable } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { assertOutboundUrl } from '../../shared/outbound/index.js';
import { CHANNEL_LABELS, type PostfachChannel } from './accounts.js';
import type { PostfachSettingsBody } from './schemas.js';

export const POSTFACH_CHANNELS: readonly PostfachChannel[] = ['bundid', 'osi', 'bayernid', 'muk'];

export type PostfachSettingsRow = Omit<PostfachSettingsTable, 'enabled' | 'status_monitor' | 'updated_at'> & {
  enabled: boolean; status_monitor: boolean; updated_at: Date;
};

export function isPostfachChannel(value: string): value is PostfachChannel {
  return (POSTFACH_CHANNELS as readonly string[]).includes(value);
}

export async function findPostfachSettings(trx: Trx, tenantId: string, channel: PostfachChannel): Promise<PostfachSettingsRow | undefined> {
  return (await trx.selectFrom('postfach_settings').selectAll().where('tenant_id', '=', tenantId).where('channel', '=', channel).executeTakeFirst()) as
    PostfachSettingsRow | undefined;
}

/** The field names the admin sees, for "what is still missing". */
const FIELD_WORDS: Record<string, string> = {
  baseUrl: 'Adresse des Dienstes', tokenUrl: 'Adresse des Token-Endpunkts', destinationUrl: 'Adresse der Destination-API',
  destinationId: 'Zustellpunkt-ID (Destination-ID)', clientId: 'Client-ID', clientSecret: 'Client-Secret',
  signingKey: 'privater Signaturschlüssel (BPKI)', certificate: 'Zertifikat (BPKI)', mode: 'Anbindungsart',
};

/** What a channel needs before it can deliver, in its mode. */
function required(channel: PostfachChannel, mode: string | null): string[] {
  if (channel === 'bundid') {
    if (mode === 'fit_connect') return ['baseUrl', 'tokenUrl', 'destinationUrl', 'destinationId', 'clientId', 'clientSecret', 'signingKey', 'certificate'];
    if (mode === 'rest') return ['baseUrl', 'signingKey', 'certificate'];
    return ['mode'];
  }
  return ['baseUrl'];
}

const present: Record<string, (r: PostfachSettingsRow) => boolean> = {
  baseUrl: (r) => !!r.base_url, tokenUrl: (r) => !!r.token_url, destinationUrl: (r) => !!r.destination_url,
  destinationId: (r) => !!r.destination_id, clientId: (r) => !!r.client_id, clientSecret: (r) => !!r.client_secret,
  signingKey: (r) => !!r.signing_key, certificate: (r) => !!r.certificate, mode: (r) => !!r.mode,
};

export function missingFields(channel: PostfachChannel, row: PostfachSettingsRow): string[] {
  return required(channel, row.mode).filter((f) => !present[f]!(row));
}

function presentSettings(channel: PostfachChannel, row: PostfachSettingsRow | undefined) {
  const r = row ?? emptyRow(channel);
  return {
    channel,
    label: CHANNEL_LABELS[channel],
    enabled: r.enabled,
    mode: r.mode,
    baseUrl: r.base_url,
    tokenUrl: r.token_url,
    destinationUrl: r.destination_url,
    destinationId: r.destination_id,
    clientId: r.client_id,
    hasClientSecret: !!r.client_secret,
    hasSigningKey: !!r.signing_key,
    certificateSubject: r.certificate ? new X509Certificate(r.certificate).subject.replace(/\n/g, ', ') : null,
    hasTlsCa: !!r.tls_ca,
    senderName: r.sender_name,
    replyAddress: r.reply_address,
    statusMonitor: r.status_monitor,
    missing: missingFields(channel, r).map((f) => FIELD_WORDS[f]!),
  };
}
export type PostfachSettingsView = ReturnType<typeof presentSettings>;

function emptyRow(channel: PostfachChannel): PostfachSettingsRow {
  return {
    tenant_id: '', channel, enabled: false, mode: channel === 'bundid' ? null : 'gateway', base_url: null, token_url: null, destination_url: null,
    destination_id: null, client_id: null, client_secret: null, signing_key: null, certificate: null, tls_ca: null, sender_name: null,
    reply_address: null, status_monitor: false, poll_cursor: null, updated_at: new Date(0),
  };
}

export function channelParam(value: string): PostfachChannel {
  if (!isPostfachChannel(value)) throw new AppError('not_found', { detail: `Einen Postfachdienst „${value.slice(0, 40)}“ gibt es nicht (bundid, osi, bayernid, muk).` });
  return value;
}

export async function listPostfachSettings(db: Database, tenantId: string): Promise<{ items: PostfachSettingsView[] }> {
  return withTenant(db, { tenantId }, async (trx) => {
    const rows = (await trx.selectFrom('postfach_settings').selectAll().where('tenant_id', '=', tenantId).execute()) as PostfachSettingsRow[];
    return { items: POSTFACH_CHANNELS.map((c) => presentSettings(c, rows.find((r) => r.channel === c))) };
  });
}

const bad = (field: string, detail: string) => new AppError('validation_failed', { field, detail });

function checkPem(body: PostfachSettingsBody): void {
  let key;
  if (typeof body.signingKey === 'string') {
    try { key = createPrivateKey(body.signingKey); } catch { throw bad('signingKey', 'Der Signaturschlüssel („signingKey“) ist kein privater Schlüssel im PEM-Format.'); }
  }
  if (typeof body.certificate === 'string') {
    let cert;
    try { cert = new X509Certificate(body.certificate); } catch { throw bad('certificate', 'Das Zertifikat („certificate“) ist kein X.509-Zertifikat im PEM-Format.'); }
    if (key && !cert.checkPrivateKey(key)) throw bad('certificate', 'Das Zertifikat („certificate“) gehört nicht zum Signaturschlüssel („signingKey“).');
  }
  if (typeof body.tlsCa === 'string') {
    try { new X509Certificate(body.tlsCa); } catch { throw bad('tlsCa', 'Das CA-Zertifikat („tlsCa“) ist kein X.509-Zertifikat im PEM-Format.'); }
  }
}

const URL_FIELDS = [
  ['baseUrl', 'base_url', 'Die Adresse des Dienstes'], ['tokenUrl', 'token_url', 'Die Adresse des Token-Endpunkts'],
  ['destinationUrl', 'destination_url', 'Die Adresse der Destination-API'],
] as const;

/**
 * Sets one Postfach adapter of the tenant. Fields left out keep their value; null removes it.
 * Secrets (clientSecret, signingKey) are stored and never read back. Every URL passes the SSRF
 * guard; enabling an adapter that lacks something it needs is refused, naming what is missing.
 */
export async function putPostfachSettings(
  db: Database, tenantId: string, channel: PostfachChannel, body: PostfachSettingsBody, config: Pick<AppConfig, 'outbound'>,
): Promise<PostfachSettingsView> {
  if (body.mode !== undefined && body.mode !== null) {
    const allowed = channel === 'bundid' ? ['rest', 'fit_connect'] : ['gateway'];
    if (!allowed.includes(body.mode)) throw bad('mode', `Die Anbindungsart („mode“) muss für ${CHANNEL_LABELS[channel]} ${allowed.map((m) => `„${m}“`).join(' oder ')} sein.`);
  }
  const values: Partial<PostfachSettingsRow> = {};
  for (const [field, column, label] of URL_FIELDS) {
    const raw = body[field];
    if (raw === undefined) continue;
    values[column] = raw === null || raw.trim() === '' ? null : assertOutboundUrl(raw, config.outbound, { field, label });
  }
  checkPem(body);
  const plain = [
    ['mode', 'mode'], ['destinationId', 'destination_id'], ['clientId', 'client_id'], ['clientSecret', 'client_secret'], ['signingKey', 'signing_key'],
    ['certificate', 'certificate'], ['tlsCa', 'tls_ca'], ['senderName', 'sender_name'], ['replyAddress', 'reply_address'],
  ] as const;
  for (const [field, column] of plain) {
    const raw = body[field];
    if (raw !== undefined) values[column] = raw === null || raw.trim() === '' ? null : raw.trim();
  }
  if (body.enabled !== undefined) values.enabled = body.enabled;
  if (body.statusMonitor !== undefined) values.status_monitor = body.statusMonitor;
  return withTenant(db, { tenantId }, async (trx) => {
    const before = (await findPostfachSettings(trx, tenantId, channel)) ?? { ...emptyRow(channel), tenant_id: tenantId };
    const after: PostfachSettingsRow = { ...before, ...values, updated_at: new Date() };
    const missing = missingFields(channel, after);
    if (after.enabled && missing.length) {
      throw bad(missing[0]!, `${CHANNEL_LABELS[channel]} kann erst eingeschaltet werden, wenn alles eingetragen ist. Es fehlt: ${missing.map((f) => `${FIELD_WORDS[f]} („${f}“)`).join(', ')}.`);
    }
    const { tenant_id: _t, channel: _c, ...columns } = after;
    await trx.insertInto('postfach_settings').values({ ...columns, tenant_id: tenantId, channel })
      .onConflict((oc) => oc.columns(['tenant_id', 'channel']).doUpdateSet(columns)).execute();
    return presentSettings(channel, after);
  });
}
