import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** Deterministic pseudo-random bytes of `size`, produced chunk by chunk (never held as a whole). */
export function generatedContent(size: number, seed = 1): { stream: () => Readable; sha256: string; size: number } {
  const chunkAt = (i: number, length: number) => Buffer.alloc(length, createHash('sha512').update(`${seed}:${i}`).digest());
  const chunkCount = Math.ceil(size / 65536);
  const lengthOf = (i: number) => Math.min(65536, size - i * 65536);
  const hash = createHash('sha256');
  for (let i = 0; i < chunkCount; i++) hash.update(chunkAt(i, lengthOf(i)));
  return {
    size,
    sha256: hash.digest('hex'),
    stream: () => {
      let i = 0;
      return new Readable({
        read() {
          this.push(i < chunkCount ? chunkAt(i, lengthOf(i++)) : null);
        },
      });
    },
  };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
