import { randomBytes, randomFillSync, createHash } from 'node:crypto';

/** UUIDv7: time-ordered, so ids sort by creation and index well. */
// Random bytes drawn in blocks, as crypto.randomUUID does: one system call per 256 ids instead of one each.
const randomPool = Buffer.alloc(16 * 256);
let poolOffset = randomPool.length;

export function uuidv7(now = Date.now()): string {
  if (poolOffset >= randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  // Each id takes its own 16 bytes of the pool and shapes them in place; they are never read again.
  const bytes = randomPool.subarray(poolOffset, (poolOffset += 16));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export function isUuid(value: string): boolean {
  return new RegExp(UUID_PATTERN).test(value);
}
