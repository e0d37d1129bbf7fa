import { sign, verify } from 'node:crypto';
import { canonicalJson } from './chain.js';
import type { SigningKey, VerifyingKey } from './checkpoint-key.js';

export const CHECKPOINT_FORMAT = 'amtsdesk.audit-checkpoint.v1' as const;
export const EXPORT_FORMAT = 'amtsdesk.audit-checkpoints.v1';

/**
 * One signed checkpoint: "the chain of tenant T contained event S with hash H at time C". The
 * signature covers the canonical JSON (sorted keys, no whitespace) of every other field, so a
 * verifier needs nothing but this object and the public key. The key fields make the document
 * self-describing; trust comes from comparing the fingerprint with a key the verifier already has.
 */
export interface CheckpointStatement {
  format: typeof CHECKPOINT_FORMAT;
  id: string;
  installation: string;
  tenantId: string;
  seq: number;
  hash: string;
  createdAt: string;
  key: { algorithm: 'Ed25519'; fingerprint: string; publicKey: string };
  signature: string;
}

export type UnsignedCheckpoint = Pick<CheckpointStatement, 'id' | 'installation' | 'tenantId' | 'seq' | 'hash' | 'createdAt'>;

function signedBytes(statement: Omit<CheckpointStatement, 'signature'>): Buffer {
  return Buffer.from(canonicalJson(statement), 'utf8');
}

export function signCheckpoint(fields: UnsignedCheckpoint, key: SigningKey): CheckpointStatement {
  const body: Omit<CheckpointStatement, 'signature'> = {
    format: CHECKPOINT_FORMAT,
    ...fields,
    key: { algorithm: 'Ed25519', fingerprint: key.publicKey.fingerprint, publicKey: key.publicKey.spki },
  };
  return { ...body, signature: sign(null, signedBytes(body), key.privateKey).toString('base64') };
}

/** The stored and published form: one line of canonical JSON. */
export function serializeCheckpoint(statement: CheckpointStatement): string {
  return canonicalJson(statement);
}

export type SignatureVerdict = 'valid' | 'bad_signature' | 'foreign_key' | 'malformed';

/** Checks a checkpoint against the verifier's trusted key (never against the key it carries). */
export function verifyCheckpoint(statement: CheckpointStatement, trusted: VerifyingKey): SignatureVerdict {
  if (!isCheckpointShape(statement)) return 'malformed';
  if (statement.key.fingerprint !== trusted.fingerprint) return 'foreign_key';
  const { signature, ...body } = statement;
  try {
    return verify(null, signedBytes(body), trusted.key, Buffer.from(signature, 'base64')) ? 'valid' : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}

export function isCheckpointShape(value: unknown): value is CheckpointStatement {
  const v = value as CheckpointStatement;
  return (
    typeof v === 'object' && v !== null && v.format === CHECKPOINT_FORMAT && typeof v.id === 'string' && typeof v.tenantId === 'string' &&
    Number.isSafeInteger(v.seq) && v.seq > 0 && typeof v.hash === 'string' && typeof v.createdAt === 'string' &&
    !Number.isNaN(Date.parse(v.createdAt)) && typeof v.signature === 'string' && typeof v.key === 'object' && v.key !== null &&
    typeof v.key.fingerprint === 'string'
  );
}

/** A checkpoint as read from somewhere, with where it came from for the report. */
export interface SourcedCheckpoint {
  statement: CheckpointStatement;
  source: string;
}

export interface ParsedCheckpointFile {
  checkpoints: SourcedCheckpoint[];
  /** Lines that are not checkpoints at all (named in the report: a rewritten file is suspicious). */
  unreadable: string[];
}

/**
 * Reads a published JSON Lines file or an export document ({format: EXPORT_FORMAT, checkpoints: […]}).
 */
export function parseCheckpointFile(text: string, name: string): ParsedCheckpointFile {
  const result: ParsedCheckpointFile = { checkpoints: [], unreadable: [] };
  const trimmed = text.trim();
  try {
    const whole = JSON.parse(trimmed) as { format?: string; checkpoints?: unknown[] };
    if (whole && whole.format === EXPORT_FORMAT && Array.isArray(whole.checkpoints)) {
      whole.checkpoints.forEach((entry, index) => {
        if (isCheckpointShape(entry)) result.checkpoints.push({ statement: entry, source: `${name}, Eintrag ${index + 1}` });
        else result.unreadable.push(`${name}, Eintrag ${index + 1}`);
      });
      return result;
    }
  } catch {
    // not one JSON document: JSON Lines
  }
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const entry = JSON.parse(line) as unknown;
      if (isCheckpointShape(entry)) {
        result.checkpoints.push({ statement: entry, source: `${name}, Zeile ${index + 1}` });
        return;
      }
    } catch {
      // reported below
    }
    result.unreadable.push(`${name}, Zeile ${index + 1}`);
  });
  return result;
}
