import type { AppConfig } from '../../config.js';
import type { XdomeaTarget, XdomeaTransport } from '../contract.js';
import { directoryTransport } from './directory.js';
import { httpTransport } from './http.js';

export type XdomeaTransports = Record<XdomeaTarget['transport'], XdomeaTransport>;

/** Every transport of this installation; XTA 2 would be one more entry (docs/decisions/0023). */
export function createTransports(config: AppConfig): XdomeaTransports {
  return {
    directory: directoryTransport({ root: config.xdomea.directoryRoot, maxAnswerBytes: config.xdomea.maxAnswerBytes }),
    http: httpTransport({ outbound: config.outbound, maxAnswerBytes: config.xdomea.maxAnswerBytes }),
  };
}
