import { AppError } from '../../shared/errors.js';
import { parseXml } from './xml.js';

export interface Entry { key: string; value: string }
export interface DepositAttachment {
  id?: string;
  name?: string;
  contentType?: string;
  description?: string;
  /** base64, still encoded */
  content: string;
  attributes: Entry[];
}
export interface DepositData {
  id?: string;
  formId?: string;
  sender?: string;
  client?: string;
  clientId?: string;
  customer?: string;
  customerId?: string;
  username?: string;
  timestamp?: string;
  primaryDataAttachmentId?: string;
  primaryFormAttachmentId?: string;
  customParameters: Entry[];
  attachments: DepositAttachment[];
}
export interface SoapCredentials { username?: string; password?: string; digest: boolean }

const fault = (detail: string) => new AppError('bad_request', { field: 'deposit', detail });
const str = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const text = (v as Record<string, unknown>)['#text'];
    return text === undefined ? '' : String(text);
  }
  return String(v);
};
const list = (v: unknown): unknown[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);
const entries = (v: unknown): Entry[] =>
  list(v).flatMap((e) => {
    const r = (e ?? {}) as Record<string, unknown>;
    const key = str(r.key);
    return key ? [{ key, value: str(r.value) ?? '' }] : [];
  });

/** The SOAP envelope of a `deposit` call (document/literal, per ApplicationService.wsdl). */
export function parseDepositEnvelope(xml: string): { data: DepositData; credentials: SoapCredentials | null } {
  const doc = parseXml(xml, 'SOAP-Nachricht', { preserveOrder: false, maxDepth: 32 }) as Record<string, any>;
  const envelope = doc.Envelope;
  if (!envelope || typeof envelope !== 'object') throw fault('Die Nachricht ist kein SOAP-Envelope.');
  const body = envelope.Body;
  if (!body || typeof body !== 'object') throw fault('Der SOAP-Body fehlt.');
  const deposit = body.deposit;
  if (deposit === undefined) throw fault('Der SOAP-Body enthält keinen Aufruf „deposit“.');
  const d = (deposit?.data ?? null) as Record<string, unknown> | null;
  if (!d || typeof d !== 'object') throw fault('Das Element „data“ des Aufrufs „deposit“ fehlt.');
  const data: DepositData = {
    id: str(d.id), formId: str(d.formId), sender: str(d.sender), client: str(d.client), clientId: str(d.clientId),
    customer: str(d.customer), customerId: str(d.customerId), username: str(d.username), timestamp: str(d.timestamp),
    primaryDataAttachmentId: str(d.primaryDataAttachmentId), primaryFormAttachmentId: str(d.primaryFormAttachmentId),
    customParameters: entries(d.customParameters),
    attachments: list(d.attachments).map((a) => {
      const r = (a ?? {}) as Record<string, unknown>;
      return { id: str(r.id), name: str(r.name), contentType: str(r.contentType), description: str(r.description), content: str(r.content) ?? '', attributes: entries(r.attributes) };
    }),
  };
  return { data, credentials: credentialsOf(envelope.Header) };
}

/** WS-Security UsernameToken (the WSDL's policy). */
function credentialsOf(header: unknown): SoapCredentials | null {
  const token = (header as any)?.Security?.UsernameToken;
  if (!token) return null;
  const password = token.Password;
  const type = typeof password === 'object' ? String(password?.['@Type'] ?? '') : '';
  return { username: str(token.Username), password: str(password), digest: /PasswordDigest/.test(type) };
}
