import { shippedCodeLists } from './schemas.js';

/**
 * Dateiformat codes (code list urn:xoev-de:xdomea:codeliste:dateiformat 1.0) from the MIME type we
 * detected on upload. The list names formats by file extension ("pdf - Portable Document Format"),
 * so the MIME type picks the extension and the shipped list gives its code; a MIME type the list
 * does not know is "100 Sonstiges" with the format named in SonstigerName.
 */
const EXTENSION_OF: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
  'image/bmp': 'bmp',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/plain': 'txt',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/rtf': 'rtf',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.ms-outlook': 'msg',
  'message/rfc822': 'eml',
  'application/postscript': 'ps',
};

export interface FileFormat {
  code: string;
  /** SonstigerName for code 100: the format the list has no code for. */
  otherName?: string;
  /** FormatType.Version: the format's version where we know it (PDF/A part and level), else "unbekannt". */
  version: string;
}

/** PDF/A we generated ourselves (PDF/A-2b): code 044 "pdf - Portable Document Format (Archival)". */
export const PDF_A_2B: FileFormat = { code: codeOfDescription('pdf - Portable Document Format (Archival)'), version: '2b' };

function codeOfDescription(description: string): string {
  for (const [code, text] of shippedCodeLists().dateiformat) if (text === description) return code;
  throw new Error(`xdomea Dateiformat code list has no entry "${description}"`);
}

export function formatOf(mimeType: string): FileFormat {
  const mime = mimeType.toLowerCase().split(';')[0]!.trim();
  const extension = EXTENSION_OF[mime];
  if (extension) {
    for (const [code, text] of shippedCodeLists().dateiformat) {
      // The plain entry (e.g. "pdf - Portable Document Format"), not the archival variant (044).
      if (text.startsWith(`${extension} - `) && !text.includes('(Archival)')) return { code, version: 'unbekannt' };
    }
  }
  return { code: codeOfDescription('Sonstiges'), otherName: mime || 'application/octet-stream', version: 'unbekannt' };
}
