/**
 * Bounded load generators on loopback: closed loop with a fixed number of connections, and paced
 * (open loop). Requests are built before the clock starts and sent over raw keep-alive sockets
 * (raw-http.ts); the generator runs in its own process (load-process.ts) and reports its own CPU time.
 */
import { fork } from 'node:child_process';
import { RawConnection } from './raw-http.js';
import type { RequestSpec } from './requests.js';

export interface LoadResult {
  samples: number[];
  seconds: number;
  errors: number;
  firstError?: string;
  /** CPU time the load generator itself used while sending (user + system), in ms. */
  generatorCpuMs: number;
}

export interface LoadOptions { spec: RequestSpec; mode: 'closed' | 'paced'; n: number; concurrency?: number; perSecond?: number }

async function send(conn: RawConnection, request: Buffer, result: LoadResult) {
  const t0 = performance.now();
  try {
    const res = await conn.send(request);
    if (res.status >= 300) {
      result.errors++;
      result.firstError ??= `${res.status} ${res.body.slice(0, 300)}`;
    }
  } catch (err) {
    result.errors++;
    result.firstError ??= String(err);
  }
  result.samples.push(performance.now() - t0);
}

function measured<T>(run: () => Promise<T>) {
  return async () => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    const cpu = process.cpuUsage(cpu0);
    return { seconds: (performance.now() - t0) / 1000, generatorCpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

/** All requests, at most `concurrency` in flight (one connection each); throughput = n / seconds. */
export async function closedLoop(url: URL, requests: Buffer[], concurrency: number): Promise<LoadResult> {
  const result: LoadResult = { samples: [], seconds: 0, errors: 0, generatorCpuMs: 0 };
  const conns = await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, () => RawConnection.open(url)));
  let next = 0;
  Object.assign(result, await measured(() => Promise.all(conns.map(async (conn) => {
    while (next < requests.length) await send(conn, requests[next++]!, result);
  })))());
  for (const c of conns) c.close();
  return result;
}

/** Requests started at a fixed rate, each on an idle connection (new ones opened as needed, at most `maxInFlight`). */
export async function paced(url: URL, requests: Buffer[], perSecond: number, maxInFlight = 256): Promise<LoadResult> {
  const result: LoadResult = { samples: [], seconds: 0, errors: 0, generatorCpuMs: 0 };
  const idle = await Promise.all(Array.from({ length: 16 }, () => RawConnection.open(url)));
  const all = [...idle];
  const inFlight = new Set<Promise<void>>();
  Object.assign(result, await measured(async () => {
    const t0 = performance.now();
    for (let i = 0; i < requests.length; i++) {
      const due = t0 + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      let conn = idle.pop();
      if (!conn) all.push((conn = await RawConnection.open(url)));
      const c = conn;
      const p: Promise<void> = send(c, requests[i]!, result).then(() => { inFlight.delete(p); idle.push(c); });
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  })());
  for (const c of all) c.close();
  return result;
}

/**
 * Runs one load in a child process: a form server is another machine, and a generator on the server's
 * event loop (or in its process) would slow the API and the baseline alike and blur the CPU accounting.
 */
export function inProcess(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load-process.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
    let result: LoadResult | undefined;
    child.once('message', (message) => { result = message as LoadResult; });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load process exited with ${code}`))));
    child.send(options);
  });
}
