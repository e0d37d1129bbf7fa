// Child process of large-bodies.test.ts: sends big request bodies generated on the fly (never
// held in memory), all at once, and prints what the server answered as JSON on stdout. Running
// in its own process keeps the sender's memory out of the server's RSS that the test measures.
//
// argv[2]: JSON array of { url, headers, prefix, filler, totalBytes, chunked }
import { request } from 'node:http';

const CHUNK = 64 * 1024;
const specs = JSON.parse(process.argv[2]);

function send(spec) {
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const headers = { ...spec.headers };
    if (!spec.chunked) headers['content-length'] = String(spec.totalBytes);
    const req = request(spec.url, { method: 'POST', headers });
    const finish = (result) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve({ ...result, sentBytes: sent });
    };
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => finish({ status: res.statusCode, error: String(error) }));
    });
    req.on('error', (error) => finish({ status: 0, error: String(error) }));
    const filler = Buffer.alloc(CHUNK, spec.filler);
    const prefix = Buffer.from(spec.prefix, 'utf8');
    const write = () => {
      while (!settled && sent < spec.totalBytes) {
        const chunk = sent === 0 ? prefix : filler.subarray(0, Math.min(CHUNK, spec.totalBytes - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', write);
      }
      if (!settled) req.end();
    };
    write();
  });
}

const results = await Promise.all(specs.map(send));
process.stdout.write(JSON.stringify(results));
