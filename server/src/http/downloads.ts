import type { FastifyReply } from 'fastify';

/**
 * Types a browser shows without running anything. Everything else an applicant, a form system or
 * a colleague uploaded (HTML, XHTML, SVG, XML, any text, office files, archives …) is sent as
 * application/octet-stream: text is never labelled as text, so no browser or viewer ever decides
 * to render it. SVG is not on the list: it is a document with scripts, not a picture.
 */
export const INERT_TYPES: ReadonlySet<string> = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * A download of someone else's bytes must not become a document of ours: even if a browser
 * ignored the attachment disposition, the sandbox gives the content an opaque origin without
 * scripts, and nothing may load, submit or frame it.
 */
export const UNTRUSTED_FILE_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function inertContentType(mimeType: string): string {
  const base = mimeType.split(';')[0]!.trim().toLowerCase();
  return INERT_TYPES.has(base) ? base : 'application/octet-stream';
}

/** RFC 6266 Content-Disposition: an ASCII fallback plus the exact UTF-8 name in filename*. */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline'): string {
  const fallback = fileName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface UntrustedFile {
  fileName: string;
  mimeType: string;
  sizeBytes: number | string;
}

/**
 * The one way a file from outside leaves the server (case attachments, mailbox files, portal
 * downloads): always a download, only an inert type, never sniffed, sandboxed, never cached.
 */
export function sendUntrustedFile(reply: FastifyReply, file: UntrustedFile, body: unknown) {
  return reply
    .header('content-type', inertContentType(file.mimeType))
    .header('content-length', String(file.sizeBytes))
    .header('content-disposition', contentDisposition(file.fileName, 'attachment'))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', UNTRUSTED_FILE_CSP)
    .header('cache-control', 'private, no-store')
    .send(body as never);
}

/**
 * The only inline exception: a PDF we rendered ourselves (the decision), shown in the desk's own
 * frame. No sandbox (the browser's PDF viewer does not run in one), framing only by our origin.
 */
export function sendOwnPdf(reply: FastifyReply, fileName: string, bytes: Buffer) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', contentDisposition(fileName, 'inline'))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
    .header('x-frame-options', 'SAMEORIGIN')
    .header('cache-control', 'private, no-store')
    .send(bytes as never);
}
