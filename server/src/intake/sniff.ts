import { fileTypeFromBuffer } from 'file-type';

/** Types that run code when opened: rejected unless the tenant explicitly allows them. */
const EXECUTABLE_MIME = new Set([
  'application/x-msdownload', 'application/x-dosexec', 'application/x-elf', 'application/x-mach-binary',
  'application/x-msi', 'application/vnd.microsoft.portable-executable', 'application/x-sharedlib',
  'application/x-executable', 'application/java-vm', 'application/x-java-applet', 'application/vnd.android.dex',
  'application/wasm', 'application/x-sh', 'application/x-shellscript', 'application/x-bat',
]);
const EXECUTABLE_EXTENSIONS = /\.(exe|com|scr|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|msi|dll|sh|bash|elf|app|jar|apk|hta|cpl|lnk|reg)$/i;

export interface Sniffed {
  mimeType: string;
  executable: boolean;
  /** HTML, XHTML, SVG or other XML: active content in a browser, whatever the sender called it. */
  markup: boolean;
}

/** Decides the MIME type from the first bytes, never from the client's claim alone. */
export async function sniffHead(head: Buffer, declared: string | null, fileName: string): Promise<Sniffed> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  let mimeType: string;
  // file-type knows XML only as a whole; which XML (XHTML, SVG) decides what a browser would run.
  if (detected && MARKUP_MIME.has(detected.mime)) mimeType = markupType(head) ?? detected.mime;
  else if (detected) mimeType = detected.mime;
  else if (looksLikeText(head)) mimeType = markupType(head) ?? textType(declared, head);
  else mimeType = 'application/octet-stream';
  const scriptHead = head.subarray(0, 2).toString('latin1') === '#!';
  const peHead = head.subarray(0, 2).toString('latin1') === 'MZ';
  const executable = EXECUTABLE_MIME.has(mimeType) || scriptHead || peHead || EXECUTABLE_EXTENSIONS.test(fileName);
  if (scriptHead) mimeType = 'application/x-sh';
  return { mimeType, executable, markup: MARKUP_MIME.has(mimeType) };
}

export const MARKUP_MIME = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'application/xml', 'text/xml']);

/**
 * Markup a browser would render as a document (and run scripts in): told apart by its first
 * element, after a BOM, whitespace, the XML declaration, comments and a doctype. Browsers sniff
 * HTML on far less (any <script or <iframe near the start), so those count as HTML too.
 */
export function markupType(head: Buffer): string | null {
  let text = head.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  let xml = false;
  for (let guard = 0; guard < 20; guard++) {
    const skipped = text.replace(/^<\?xml[^>]*\?>/, () => ((xml = true), '')).replace(/^<!--[\s\S]*?-->/, '').replace(/^<\?[^>]*\?>/, '').trimStart();
    if (skipped === text) break;
    text = skipped;
  }
  const doctype = /^<!doctype\s+([a-z]+)/.exec(text)?.[1];
  if (doctype === 'html') return xml || /xhtml/.test(text.slice(0, 200)) ? 'application/xhtml+xml' : 'text/html';
  if (doctype === 'svg') return 'image/svg+xml';
  const element = /^(?:<!doctype[^>]*>\s*)?<([a-z][a-z0-9:-]*)/.exec(text)?.[1];
  if (element === 'svg' || element?.endsWith(':svg')) return 'image/svg+xml';
  if (element === 'html' || element?.endsWith(':html')) return xml || text.includes('http://www.w3.org/1999/xhtml') ? 'application/xhtml+xml' : 'text/html';
  if (element && HTML_SNIFF_ELEMENTS.has(element)) return 'text/html';
  if (xml || element) return 'application/xml';
  return null;
}

/** The tags of the WHATWG MIME sniffing algorithm that make a browser treat unknown bytes as HTML. */
const HTML_SNIFF_ELEMENTS = new Set(['head', 'body', 'script', 'iframe', 'h1', 'div', 'font', 'table', 'a', 'style', 'title', 'b', 'br', 'p']);

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return true;
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(head));
    return true;
  } catch {
    return false;
  }
}

/** The head may end inside a multi-byte character; drop that incomplete tail before decoding. */
function trimPartialUtf8(head: Buffer): Buffer {
  let end = head.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = head[end - i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > i) end -= i;
    break;
  }
  return head.subarray(0, end);
}

const TEXTUAL = new Set(['text/plain', 'text/csv', 'application/json', 'application/xml', 'text/xml', 'text/markdown']);
function textType(declared: string | null, head: Buffer): string {
  const base = declared?.split(';')[0]?.trim().toLowerCase();
  if (base && TEXTUAL.has(base)) return base;
  const start = head.subarray(0, 64).toString('utf8').trimStart();
  if (start.startsWith('<?xml')) return 'application/xml';
  if (start.startsWith('{') || start.startsWith('[')) return 'application/json';
  return 'text/plain';
}

const INERT_CLAIM_EXTENSIONS = /\.(pdf|png|jpe?g|gif|webp|bmp|tiff?)$/i;

/**
 * How the sender's claim reads in German ("als application/pdf angegeben"), when the content is
 * markup that claim would hide: a file declared or
 * named as a PDF or a (raster) image that really is HTML, XHTML, SVG or XML. Null when the claim and
 * the content agree (an XML file declared as XML, an SVG declared as SVG). A viewer that trusts
 * the claim is exactly what such a file is made to fool, so it is refused rather than recorded.
 */
export function misdeclaredMarkup(sniffed: Sniffed, declared: string | null, fileName: string): string | null {
  if (!sniffed.markup) return null;
  const base = declared?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (base === 'application/pdf' || (base.startsWith('image/') && base !== 'image/svg+xml')) return `als ${base} angegeben`;
  const extension = INERT_CLAIM_EXTENSIONS.exec(fileName)?.[1];
  return extension ? `mit der Endung .${extension.toLowerCase()} benannt` : null;
}
