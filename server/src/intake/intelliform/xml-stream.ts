import { AppError } from '../../shared/errors.js';
import { decodeXmlText } from './xml.js';

/**
 * What a streaming scan hands to its consumer. Names are local names (namespace prefix removed);
 * `namespace` is the element's resolved namespace URI ('' when it has none, also when its prefix
 * was never declared), so a consumer can refuse foreign vocabularies while the data streams.
 */
export interface XmlEvents {
  open(name: string, attributes: Record<string, string>, namespace: string): void;
  /**
   * Character data of the current element, possibly in several pieces. `raw` is still entity
   * encoded (decode with decodeXmlText); CDATA sections arrive as `literal`. A piece never ends in
   * the middle of an entity.
   */
  text(piece: string, literal: boolean): void;
  close(name: string): void;
}

export interface XmlScanLimits {
  /** Longest markup token (tag with attributes, comment, CDATA section) held in memory. */
  maxTokenChars: number;
  maxDepth: number;
}

const NAME = /^[^\s/>]+/;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/**
 * A streaming XML scanner for SOAP envelopes: it holds at most one markup token and one piece of
 * text in memory, so a 50 MB base64 element passes through in network-sized pieces instead of
 * being parsed as one string. It refuses DTDs (no entity can ever expand), checks that tags nest
 * and match, and bounds depth. It is deliberately small: no DTD, no external anything, UTF-8 text
 * (the caller decodes bytes strictly before feeding).
 */
export class XmlScanner {
  private buffer = '';
  private position = 0;
  private readonly stack: string[] = [];
  /** Namespace declarations per open element (null: it declares none). */
  private readonly scopes: Array<Record<string, string> | null> = [];
  private rootSeen = false;
  private paused = false;
  private endPending = false;

  constructor(
    private readonly events: XmlEvents,
    private readonly what: string,
    private readonly limits: XmlScanLimits,
  ) {}

  /** Stops handing out events after the current one; the rest stays buffered until resume(). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.run();
    if (this.endPending && !this.paused) this.checkEnd();
  }

  feed(text: string): void {
    this.buffer = this.buffer.slice(this.position) + text;
    this.position = 0;
    this.run();
  }

  /** The document ended: everything must be closed and nothing but whitespace may be left (checked once resumed, if paused). */
  end(): void {
    this.endPending = true;
    this.run();
    if (!this.paused) this.checkEnd();
  }

  private checkEnd(): void {
    if (this.buffer.slice(this.position).trim() || this.stack.length || !this.rootSeen) throw this.malformed();
  }

  private run(): void {
    while (!this.paused && this.position < this.buffer.length && this.step());
    if (this.buffer.length - this.position > this.limits.maxTokenChars && !this.paused) {
      throw new AppError('bad_request', { field: this.what, detail: `${this.what}: Ein Element ist zu lang oder nicht abgeschlossen.` });
    }
  }

  /** Handles one token if it is complete in the buffer; false when more input is needed. */
  private step(): boolean {
    const b = this.buffer;
    const p = this.position;
    if (b[p] !== '<') return this.textUntilMarkup();
    if (b.startsWith('<?', p)) return this.skipPast('?>');
    if (b.startsWith('<!--', p)) return this.skipPast('-->');
    if (b.startsWith('<![CDATA[', p)) {
      const end = b.indexOf(']]>', p);
      if (end < 0) return false;
      this.insideRoot();
      this.events.text(b.slice(p + 9, end), true);
      this.position = end + 3;
      return true;
    }
    if (b.startsWith('<!', p)) {
      const start = b.slice(p, p + 9);
      if (start.length < 9 && ('<![CDATA['.startsWith(start) || '<!--'.startsWith(start))) return false;
      throw new AppError('bad_request', { field: this.what, detail: `${this.what}: Dokumenttyp-Deklarationen (DTD/ENTITY) sind nicht erlaubt.` });
    }
    const end = tagEnd(b, p);
    if (end === -2) throw this.malformed();
    if (end < 0) return false;
    this.position = end + 1;
    if (b[p + 1] === '/') {
      const name = b.slice(p + 2, end).trim();
      if (this.stack.pop() !== name) throw this.malformed();
      this.scopes.pop();
      this.events.close(localName(name));
      return true;
    }
    const selfClosing = b[end - 1] === '/';
    const inner = b.slice(p + 1, selfClosing ? end - 1 : end);
    const name = NAME.exec(inner)?.[0];
    if (!name) throw this.malformed();
    if (!this.stack.length && this.rootSeen) throw this.malformed();
    if (this.stack.length >= this.limits.maxDepth) throw new AppError('bad_request', { field: this.what, detail: `${this.what}: Das XML ist zu tief verschachtelt.` });
    const attributes: Record<string, string> = {};
    let declared: Record<string, string> | null = null;
    for (const m of inner.slice(name.length).matchAll(ATTRIBUTE)) {
      const value = m[2] ?? m[3] ?? '';
      if (m[1] === 'xmlns' || m[1]!.startsWith('xmlns:')) (declared ??= {})[m[1] === 'xmlns' ? '' : m[1]!.slice(6)] = decodeXmlText(value);
      else attributes[localName(m[1]!)] = value;
    }
    this.rootSeen = true;
    this.stack.push(name);
    this.scopes.push(declared);
    this.events.open(localName(name), attributes, this.namespaceOf(name));
    if (selfClosing) {
      this.stack.pop();
      this.scopes.pop();
      this.events.close(localName(name));
    }
    return true;
  }

  /** Text up to the next '<', or as much as has arrived (minus a possibly cut entity). */
  private textUntilMarkup(): boolean {
    const b = this.buffer;
    const p = this.position;
    const next = b.indexOf('<', p);
    let end = next < 0 ? b.length : next;
    if (next < 0) {
      const amp = b.lastIndexOf('&');
      if (amp >= p && b.indexOf(';', amp) < 0) end = amp;
      if (end === p) return false;
    }
    const piece = b.slice(p, end);
    this.position = end;
    if (this.stack.length) this.events.text(piece, false);
    else if (piece.trim()) throw this.malformed();
    return next >= 0;
  }

  private skipPast(terminator: string): boolean {
    const end = this.buffer.indexOf(terminator, this.position);
    if (end < 0) return false;
    this.position = end + terminator.length;
    return true;
  }

  /** The URI bound to the element's prefix (or the default namespace), innermost declaration first. */
  private namespaceOf(qualified: string): string {
    const colon = qualified.indexOf(':');
    const prefix = colon < 0 ? '' : qualified.slice(0, colon);
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const uri = this.scopes[i]?.[prefix];
      if (uri !== undefined) return uri;
    }
    return '';
  }

  private insideRoot(): void {
    if (!this.stack.length) throw this.malformed();
  }

  private malformed(): AppError {
    return new AppError('bad_request', { field: this.what, detail: `${this.what}: Das XML ist nicht wohlgeformt.` });
  }
}

/** Index of the '>' that ends the tag starting at `from`, skipping quoted attribute values. */
function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -2;
  }
  return -1;
}
