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
}

/** Decides the MIME type from the first bytes, never from the client's claim alone. */
export async function sniffHead(head: Buffer, declared: string | null, fileName: string): Promise<Sniffed> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  let mimeType: string;
  if (detected) mimeType = detected.mime;
  else if (looksLikeText(head)) mimeType = textType(declared, head);
  else mimeType = 'application/octet-stream';
  const scriptHead = head.subarray(0, 2).toString('latin1') === '#!';
  const peHead = head.subarray(0, 2).toString('latin1') === 'MZ';
  const executable = EXECUTABLE_MIME.has(mimeType) || scriptHead || peHead || EXECUTABLE_EXTENSIONS.test(fileName);
  if (scriptHead) mimeType = 'application/x-sh';
  return { mimeType, executable };
}

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
