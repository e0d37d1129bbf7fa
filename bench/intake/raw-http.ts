/**
 * A minimal HTTP/1.1 keep-alive client over a raw socket, for the load generator only: it writes
 * request bytes built before the clock starts and reads one response at a time, so the generator
 * costs about as little CPU as wrk would. It understands Content-Length and chunked bodies.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse { status: number; body: string }

const HEADER_END = Buffer.from('\r\n\r\n');

/** The bytes of one POST request. */
export function rawRequest(url: URL, headers: Record<string, string>, body: Buffer): Buffer {
  const lines = [`POST ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: keep-alive', `content-length: ${body.length}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

export class RawConnection {
  private socket!: Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private pending?: { resolve: (r: RawResponse) => void; reject: (e: Error) => void };

  private constructor(private readonly url: URL) {}

  static async open(url: URL): Promise<RawConnection> {
    const conn = new RawConnection(url);
    await conn.connect();
    return conn;
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = connect(Number(this.url.port), this.url.hostname, () => resolve());
      this.socket.setNoDelay(true);
      this.socket.once('error', reject);
      this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
      this.socket.on('close', () => this.pending?.reject(new Error('connection closed')));
    });
  }

  /** Sends one request and waits for its response (no pipelining). Reconnects after a close. */
  async send(request: Buffer): Promise<RawResponse> {
    if (this.socket.destroyed) {
      this.buffered = Buffer.alloc(0);
      await this.connect();
    }
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close() {
    this.socket.end();
  }

  private onData(chunk: Buffer) {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const headEnd = this.buffered.indexOf(HEADER_END);
    if (headEnd < 0) return;
    const head = this.buffered.subarray(0, headEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    const start = headEnd + 4;
    let end: number;
    let body: string;
    if (length) {
      end = start + Number(length[1]);
      if (this.buffered.length < end) return;
      body = this.buffered.subarray(start, end).toString('utf8');
    } else {
      const last = this.buffered.indexOf('\r\n0\r\n\r\n', start);
      if (last < 0) return;
      end = last + 7;
      body = this.buffered.subarray(start, end).toString('utf8');
    }
    this.buffered = this.buffered.subarray(end);
    const pending = this.pending;
    this.pending = undefined;
    if (/\r\nconnection: *close/i.test(head)) this.socket.end();
    pending?.resolve({ status, body });
  }
}
