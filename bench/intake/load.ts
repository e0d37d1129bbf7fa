/** Bounded load generators over fetch (undici) on loopback: closed-loop with a concurrency pool, and paced. */
import { Worker } from 'node:worker_threads';

export interface LoadRequest {
  url: string;
  init: RequestInit;
}

export interface LoadResult {
  samples: number[];
  seconds: number;
  errors: number;
  firstError?: string;
}

async function send(req: LoadRequest, result: LoadResult) {
  const t0 = performance.now();
  try {
    const res = await fetch(req.url, req.init);
    const body = await res.text();
    if (res.status >= 300) {
      result.errors++;
      result.firstError ??= `${res.status} ${body.slice(0, 300)}`;
    }
  } catch (err) {
    result.errors++;
    result.firstError ??= String(err);
  }
  result.samples.push(performance.now() - t0);
}

/** `n` requests, at most `concurrency` in flight; throughput = n / seconds. */
export async function closedLoop(n: number, concurrency: number, make: (i: number) => LoadRequest): Promise<LoadResult> {
  const result: LoadResult = { samples: [], seconds: 0, errors: 0 };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) await send(make(next++), result);
  }));
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

/** `n` requests started at a fixed rate (open loop, at most `maxInFlight` outstanding). */
export async function paced(n: number, perSecond: number, make: (i: number) => LoadRequest, maxInFlight = 256): Promise<LoadResult> {
  const result: LoadResult = { samples: [], seconds: 0, errors: 0 };
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const p: Promise<void> = send(make(i), result).then(() => { inFlight.delete(p); });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

/**
 * The same runs in a worker thread: a form server is another machine, and a load generator on the
 * server's own event loop would slow the API and the baseline alike.
 */
export function inWorker(options: { spec: import('./requests.js').RequestSpec; mode: 'closed' | 'paced'; n: number; concurrency?: number; perSecond?: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: options });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}
