import { pipeline, Transform, type Readable } from 'node:stream';

/**
 * Passes bytes through but keeps the latest chunk back until the source has ended cleanly. The
 * blob store verifies the checksum at the end of the stream; holding back the last chunk means a
 * client never receives all announced bytes of a corrupted file, so the truncated response cannot
 * be mistaken for a complete one, even when the corruption kept the file's length.
 */
export function releaseOnlyWhenVerified(source: Readable): Readable {
  let held: Buffer | null = null;
  const gate = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const previous = held;
      held = chunk;
      callback(null, previous ?? undefined);
    },
    flush(callback) {
      callback(null, held ?? undefined);
    },
  });
  pipeline(source, gate, () => {});
  return gate;
}
