import { AppError } from '../../shared/errors.js';
import type { Base64Sink, StreamedContent } from './base64-sink.js';
import { decodeXmlText } from './xml.js';
import type { XmlEvents } from './xml-stream.js';
import { checkNamespace, WSSE_NS } from './namespaces.js';

export interface Entry { key: string; value: string }
export interface DepositAttachment {
  id?: string;
  name?: string;
  contentType?: string;
  description?: string;
  /** Already in the blob store, decoded; not yet checked for type. */
  content?: StreamedContent;
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

const DATA = 'Envelope/Body/deposit/data';
const SCALARS = new Set(['id', 'formId', 'sender', 'client', 'clientId', 'customer', 'customerId', 'username', 'timestamp', 'primaryDataAttachmentId', 'primaryFormAttachmentId']);
const ATTACHMENT_FIELDS = new Set(['id', 'name', 'contentType', 'description']);
const TOKEN = 'Envelope/Header/Security/UsernameToken';
const MAX_VALUE_CHARS = 64 * 1024;

const fault = (detail: string) => new AppError('bad_request', { field: 'deposit', detail });

interface PendingAttachment { meta: DepositAttachment; sink?: Base64Sink; stored?: Promise<StreamedContent> }

/**
 * Turns the scanner's events into the deposit (document/literal, per ApplicationService.wsdl):
 * short values are collected (bounded), attachment contents go to a sink. Elements it does not
 * know are skipped without being kept.
 */
export class DepositCollector implements XmlEvents {
  bodyStarted = false;
  private readonly path: string[] = [];
  private value: string | null = null;
  private textChars = 0;
  private readonly token: { username?: string; password?: string; type?: string; present: boolean } = { present: false };
  private readonly data: DepositData = { customParameters: [], attachments: [] };
  private seen = { envelope: false, body: false, deposit: false, data: false };
  private attachment: PendingAttachment | null = null;
  private readonly pending: PendingAttachment[] = [];
  private entry: Partial<Entry> | null = null;
  private sinkFor: ((position: number) => Base64Sink) | null = null;
  private congestedSink: Base64Sink | null = null;

  constructor(
    private readonly maxTextChars: number,
    private readonly onBody: () => void,
  ) {}

  credentials(): SoapCredentials | null {
    if (!this.token.present) return null;
    return { username: this.token.username, password: this.token.password, digest: /PasswordDigest/.test(this.token.type ?? '') };
  }

  startBody(sinkFor: (position: number) => Base64Sink): void {
    this.sinkFor = sinkFor;
  }

  /** The attachment sink that asked the reader to wait, if any (asked once per wait). */
  congested(): Base64Sink | null {
    const sink = this.congestedSink;
    this.congestedSink = null;
    return sink;
  }

  open(name: string, attributes: Record<string, string>, namespace: string): void {
    if (this.path.length === 0 && name !== 'Envelope') throw fault('Die Nachricht ist kein SOAP-Envelope.');
    checkNamespace(this.path, name, namespace, attributes);
    // Header elements count only in the WS-Security namespace: a look-alike "Password" elsewhere is no credential.
    this.path.push(this.path.length >= 2 && this.path[1] === 'Header' && namespace !== WSSE_NS ? `~${name}` : name);
    const path = this.path.join('/');
    if (path === 'Envelope') this.seen.envelope = true;
    else if (path === 'Envelope/Body') {
      this.seen.body = this.bodyStarted = true;
      this.onBody();
    } else if (path === 'Envelope/Body/deposit') this.seen.deposit = true;
    else if (path === DATA) this.seen.data = true;
    else if (path === TOKEN) this.token.present = true;
    else if (path === `${TOKEN}/Password`) {
      this.token.type = attributes.Type;
      this.value = '';
    } else if (path === `${TOKEN}/Username`) this.value = '';
    else if (path === `${DATA}/attachments`) {
      this.attachment = { meta: { attributes: [] } };
      this.pending.push(this.attachment);
    } else if (path === `${DATA}/attachments/content` && this.attachment) {
      if (this.attachment.sink) throw fault('Eine Anlage hat mehr als einen Inhalt („content“).');
      this.attachment.sink = this.sinkFor!(this.pending.length);
    } else if (path === `${DATA}/customParameters` || path === `${DATA}/attachments/attributes`) this.entry = {};
    else if (this.entry && (path.endsWith('customParameters/key') || path.endsWith('customParameters/value') || path.endsWith('attributes/key') || path.endsWith('attributes/value'))) this.value = '';
    else if (this.path.length === 6 && path.startsWith(`${DATA}/attachments/`) && ATTACHMENT_FIELDS.has(name)) this.value = '';
    else if (this.path.length === 5 && path.startsWith(`${DATA}/`) && SCALARS.has(name)) this.value = '';
  }

  text(piece: string, literal: boolean): void {
    const sink = this.attachment?.sink;
    if (sink && this.path[this.path.length - 1] === 'content' && this.path.length === 6) {
      if (!sink.write(piece, literal)) this.congestedSink = sink;
      return;
    }
    if (this.value === null) return;
    this.textChars += piece.length;
    if (this.value.length + piece.length > MAX_VALUE_CHARS || this.textChars > this.maxTextChars) {
      throw new AppError('payload_too_large', { field: this.path.join('.'), detail: `Die Angabe „${this.path[this.path.length - 1]}“ ist zu lang.` });
    }
    this.value += literal ? piece : decodeXmlText(piece);
  }

  close(name: string): void {
    const path = this.path.join('/');
    this.path.pop();
    const value = this.value?.trim();
    this.value = null;
    if (path === `${TOKEN}/Password`) this.token.password = value;
    else if (path === `${TOKEN}/Username`) this.token.username = value;
    else if (path === `${DATA}/attachments/content` && this.attachment?.sink) {
      const sink = this.attachment.sink;
      this.congestedSink = null;
      this.attachment.stored = sink.finish();
      this.attachment.stored.catch(() => undefined);
    } else if (path === `${DATA}/attachments`) this.attachment = null;
    else if (path === `${DATA}/customParameters` || path === `${DATA}/attachments/attributes`) {
      if (this.entry?.key) (path.endsWith('attributes') ? this.attachment?.meta.attributes : this.data.customParameters)?.push({ key: this.entry.key, value: this.entry.value ?? '' });
      this.entry = null;
    } else if (this.entry && (name === 'key' || name === 'value')) this.entry[name] = value ?? '';
    else if (this.attachment && this.path.length === 5 && ATTACHMENT_FIELDS.has(name)) (this.attachment.meta as unknown as Record<string, string>)[name] = value ?? '';
    else if (this.path.length === 4 && path.startsWith(`${DATA}/`) && SCALARS.has(name)) (this.data as unknown as Record<string, string>)[name] = value ?? '';
  }

  /** The whole envelope was read: waits for every attachment to be stored. */
  async finish(): Promise<DepositData> {
    if (!this.seen.envelope) throw fault('Die Nachricht ist kein SOAP-Envelope.');
    if (!this.seen.body) throw fault('Der SOAP-Body fehlt.');
    if (!this.seen.deposit) throw fault('Der SOAP-Body enthält keinen Aufruf „deposit“.');
    if (!this.seen.data) throw fault('Das Element „data“ des Aufrufs „deposit“ fehlt.');
    for (const a of this.pending) {
      if (!a.stored) throw fault(`Die Anlage „${a.meta.name ?? a.meta.id ?? '?'}“ hat keinen Inhalt („content“).`);
      a.meta.content = await a.stored;
    }
    this.data.attachments = this.pending.map((a) => a.meta);
    return this.data;
  }

  /** Something failed: stops the uploads still running, and waits until their files are gone. */
  async abort(error: Error): Promise<void> {
    // A finished upload is awaited (its blob, now unreferenced, is left to the blob collector).
    await Promise.allSettled(this.pending.map((a) => a.stored ?? a.sink?.abort(error)));
  }
}
