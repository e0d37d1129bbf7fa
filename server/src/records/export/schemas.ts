import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../../shared/ids.js';

export const ExportParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN, description: 'ID des Exports' }) });

export const ExportJobSchema = Type.Object({
  id: Type.String(),
  status: Type.Unsafe<'running' | 'done' | 'failed'>({ type: 'string', enum: ['running', 'done', 'failed'], description: 'läuft, fertig oder fehlgeschlagen' }),
  requestedBy: Type.String({ description: 'wer den Export gestartet hat' }),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  casesTotal: Type.Integer(),
  casesDone: Type.Integer(),
  filesDone: Type.Integer(),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()], { description: 'SHA-256 der Archivdatei, zum Prüfen nach dem Herunterladen' }),
  downloadable: Type.Boolean({ description: 'das Archiv liegt zum Herunterladen bereit (nur das neueste fertige)' }),
});

export const ExportList = Type.Object({ items: Type.Array(ExportJobSchema) });
