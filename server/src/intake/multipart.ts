import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError } from '../shared/errors.js';
import { formatBytes, stageAttachment, type SubmissionBudget } from './attachments.js';
import { decodeStrictUtf8 } from '../shared/safe-text.js';
import type { StagedAttachment } from './types.js';

export interface MultipartSpec {
  /** Parts read into memory (JSON/XML form data), with the German name used in messages. */
  dataParts: Record<string, string>;
  /** Parts streamed into the blob store, with the attachment kind they become. */
  fileParts: Record<string, string>;
}

export interface MultipartContent {
  data: Map<string, Buffer>;
  attachments: StagedAttachment[];
}

/**
 * Reads a multipart submission part by part: form data into bounded buffers, files straight
 * into the blob store. Every part is raw bytes (no charset guessing), so invalid UTF-8 in the
 * form data is detected instead of silently replaced.
 */
export async function readMultipart(request: FastifyRequest, blobs: BlobStore, budget: SubmissionBudget, spec: MultipartSpec): Promise<MultipartContent> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', { detail: 'Die Anfrage muss als multipart/form-data gesendet werden.' });
  }
  const limits = budget.limits;
  const declaredLength = Number(request.headers['content-length'] ?? 0);
  if (declaredLength > limits.maxSubmissionBytes + limits.maxFormDataBytes + 1024 * 1024) {
    throw new AppError('payload_too_large', { detail: `Die Einreichung ist größer als ${formatBytes(limits.maxSubmissionBytes)}.` });
  }
  const content: MultipartContent = { data: new Map(), attachments: [] };
  const parts = request.parts({
    limits: { fileSize: limits.maxAttachmentBytes + 1, files: limits.maxParts, parts: limits.maxParts, fieldSize: limits.maxFormDataBytes },
    isPartAFile: () => true,
    throwFileSizeLimit: false,
  } as never);
  for await (const part of parts) {
    if (part.type !== 'file') continue;
    // Busboy turns bytes it cannot decode into U+FFFD: such a file would arrive under a name nobody
    // sent. The whole submission is refused instead of storing or dropping the file. (Control
    // characters, by contrast, are decodable and are removed by sanitizeFileName.)
    if (part.filename?.includes('\uFFFD')) {
      part.file.resume();
      throw new AppError('bad_request', {
        field: part.fieldname,
        detail: `Der Dateiname im Teil „${part.fieldname}“ ist nicht lesbar (keine gültige UTF-8-Kodierung). Bitte als UTF-8 senden.`,
      });
    }
    const dataName = spec.dataParts[part.fieldname];
    const kind = spec.fileParts[part.fieldname];
    if (dataName) {
      if (content.data.has(part.fieldname)) {
        part.file.resume();
        throw new AppError('bad_request', { field: part.fieldname, detail: `Der Teil „${part.fieldname}“ darf nur einmal vorkommen.` });
      }
      budget.countPart();
      const bytes = await readBounded(part.file, limits.maxFormDataBytes, dataName);
      decodeStrictUtf8(bytes, dataName); // text parts: valid UTF-8 without NUL, or the submission fails
      budget.add(bytes.length);
      content.data.set(part.fieldname, bytes);
    } else if (kind) {
      const filename = part.filename || (kind === 'representation' ? 'antrag.pdf' : undefined);
      content.attachments.push(await stageAttachment(blobs, part.file, { fileName: filename, declaredMimeType: part.mimetype, kind }, budget));
    } else {
      budget.countPart();
      part.file.resume();
    }
  }
  return content;
}

export async function readBounded(stream: Readable, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stream.resume();
      throw new AppError('payload_too_large', { field: what, detail: `${what} ist größer als ${formatBytes(max)}.` });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
