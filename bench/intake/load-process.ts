/** Entry of the load generator process (load.ts, inProcess): builds every request, then sends them. */
import { closedLoop, paced, type LoadOptions } from './load.js';
import { buildRequests } from './requests.js';

process.once('message', async (message) => {
  const { spec, mode, n, concurrency, perSecond } = message as LoadOptions;
  const url = new URL(spec.url);
  const requests = buildRequests(spec, n);
  const result = mode === 'closed' ? await closedLoop(url, requests, concurrency ?? 16) : await paced(url, requests, perSecond ?? 200);
  process.send!(result, () => process.exit(0));
});
