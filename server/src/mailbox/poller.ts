import type { Logger } from 'pino';
import { pollPostfachGateways } from './postfach/polling.js';
import { pollExternalMailboxes, type UpdateDeps } from './updates.js';

/** Polls every intervalMs until stopped (started with the server next to the outbox worker). */
export function startMailboxPoller(deps: UpdateDeps & { logger?: Logger; intervalMs?: number }): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    current = pollExternalMailboxes(deps, deps.logger).catch(() => 0).then(() => pollPostfachGateways(deps, deps.logger)).catch(() => 0);
    await current;
    current = null;
    if (!stopped) timer = setTimeout(tick, deps.intervalMs ?? 60_000);
  };
  timer = setTimeout(tick, deps.intervalMs ?? 60_000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
