import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { ScannerUnavailableError, type MalwareScanner, type ScanVerdict } from './scanner.js';

export type ClamdAddress = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

export interface ClamdOptions {
  address: ClamdAddress;
  /** Longest silence on the connection (connect, sending, waiting for the verdict). */
  timeoutMs?: number;
  /** Largest INSTREAM chunk; clamd's StreamMaxLength bounds the whole stream, this bounds one frame. */
  chunkBytes?: number;
}

export const DEFAULT_CLAMD_TIMEOUT_MS = 30_000;
const DEFAULT_CHUNK_BYTES = 64 * 1024;
/** clamd's answers are one short line; anything longer is not clamd. */
const MAX_REPLY_BYTES = 4096;

/**
 * AMTSDESK_CLAMD: `tcp://host:port` or `unix:/path/to/clamd.ctl`. Throws a message naming the
 * setting, so a typo stops the server at start instead of silently switching scanning off.
 */
export function parseClamdAddress(value: string): ClamdAddress {
  const text = value.trim();
  if (text.startsWith('unix:')) {
    const path = text.slice('unix:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path.startsWith('/')) throw new Error(`AMTSDESK_CLAMD: unix socket path must be absolute (unix:/run/clamav/clamd.ctl), got "${value}"`);
    return { kind: 'unix', path };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`AMTSDESK_CLAMD: expected tcp://host:port or unix:/path, got "${value}"`);
  }
  const port = Number(url.port);
  if (url.protocol !== 'tcp:' || !url.hostname || !Number.isInteger(port) || port < 1 || url.pathname.replace(/^\/$/, '') !== '') {
    throw new Error(`AMTSDESK_CLAMD: expected tcp://host:port or unix:/path, got "${value}"`);
  }
  return { kind: 'tcp', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

export const describeClamdAddress = (a: ClamdAddress) => (a.kind === 'tcp' ? `tcp://${a.host}:${a.port}` : `unix:${a.path}`);

/**
 * ClamAV's daemon over its socket protocol (null-terminated "z" commands): PING, and INSTREAM,
 * which takes the file as length-prefixed chunks ending with a zero-length chunk and answers
 * "stream: OK" or "stream: <signature> FOUND". Every failure to get one of those two answers
 * (refused, timed out, size limit, garbage) is a ScannerUnavailableError: never a verdict.
 */
export class ClamdScanner implements MalwareScanner {
  private readonly timeoutMs: number;
  private readonly chunkBytes: number;

  constructor(private readonly options: ClamdOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CLAMD_TIMEOUT_MS;
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.exchange('zPING\0')) === 'PONG';
    } catch {
      return false;
    }
  }

  async scan(content: Readable | Buffer): Promise<ScanVerdict> {
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    const reply = await this.exchange('zINSTREAM\0', async (socket) => {
      for await (const chunk of source) {
        const bytes = chunk as Buffer;
        for (let offset = 0; offset < bytes.length; offset += this.chunkBytes) {
          const piece = bytes.subarray(offset, offset + this.chunkBytes);
          const header = Buffer.alloc(4);
          header.writeUInt32BE(piece.length);
          await write(socket, header);
          await write(socket, piece);
        }
      }
      await write(socket, Buffer.alloc(4));
    });
    if (reply === 'stream: OK') return { clean: true };
    const found = /^stream: (.+) FOUND$/.exec(reply);
    if (found) return { clean: false, signature: found[1]! };
    throw this.unavailable(`unexpected answer "${reply.slice(0, 200)}"`);
  }

  private unavailable(why: string): ScannerUnavailableError {
    return new ScannerUnavailableError(`clamd ${describeClamdAddress(this.options.address)}: ${why}`);
  }

  /** Sends a command (and, via feed, its payload) and resolves with clamd's null-terminated answer. */
  private exchange(command: string, feed?: (socket: Socket) => Promise<void>): Promise<string> {
    const address = this.options.address;
    return new Promise((resolve, reject) => {
      const socket = address.kind === 'tcp' ? connect({ host: address.host, port: address.port }) : connect({ path: address.path });
      let received = Buffer.alloc(0);
      let settled = false;
      const finish = (error: Error | null, reply = '') => {
        if (settled) return;
        settled = true;
        socket.destroy();
        if (error) reject(error);
        else resolve(reply);
      };
      socket.setTimeout(this.timeoutMs, () => finish(this.unavailable(`no answer within ${this.timeoutMs} ms`)));
      socket.on('error', (error: NodeJS.ErrnoException) => finish(this.unavailable(error.code ?? error.message)));
      socket.on('close', () => finish(this.unavailable('connection closed without an answer')));
      socket.on('data', (data: Buffer) => {
        received = Buffer.concat([received, data]);
        const end = received.indexOf(0);
        if (end >= 0) finish(null, received.subarray(0, end).toString('utf8').trim());
        else if (received.length > MAX_REPLY_BYTES) finish(this.unavailable('answer too long'));
      });
      socket.once('connect', () => {
        socket.write(command);
        // A failing source (interrupted upload) ends the exchange with its own error.
        feed?.(socket).catch((error: Error) => finish(error));
      });
    });
  }
}

/** Writes and waits for the socket to take more (backpressure: never buffers a whole file). */
function write(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new ScannerUnavailableError('clamd connection closed while sending'));
      return;
    }
    if (socket.write(bytes)) {
      resolve();
      return;
    }
    const onDrain = () => {
      socket.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      socket.off('drain', onDrain);
      reject(new ScannerUnavailableError('clamd connection closed while sending'));
    };
    socket.once('drain', onDrain).once('close', onClose);
  });
}
