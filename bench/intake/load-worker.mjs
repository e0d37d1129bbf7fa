// Entry of the load worker thread: Node 20 does not carry tsx's loader into worker threads.
import { register } from 'tsx/esm/api';

register();
await import('./load-worker.ts');
