/** Runs one load run in its own thread, so the load generator does not share the server's event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { closedLoop, paced } from './load.js';
import { requestBuilder, type RequestSpec } from './requests.js';

const { spec, mode, n, concurrency, perSecond } = workerData as { spec: RequestSpec; mode: 'closed' | 'paced'; n: number; concurrency: number; perSecond: number };
const make = requestBuilder(spec);
const result = mode === 'closed' ? await closedLoop(n, concurrency, make) : await paced(n, perSecond, make);
parentPort!.postMessage(result);
