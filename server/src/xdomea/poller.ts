import { sql } from 'kysely';
import { withPlatform, withTenant } from '../db/database.js';
import { receiveAnswer, type AnswerDeps } from './answers.js';
import { findTarget, toTarget } from './repository.js';
import type { XdomeaTransports } from './transport/index.js';

/**
 * Fetches waiting answers from every polled target (transfer directories, http targets with a poll
 * URL) of every tenant and takes them in. An answer is acknowledged (moved to verarbeitet/, or
 * deleted at the receiver) once it was processed or refused; a failing target does not stop the others.
 */
export async function pollAnswers(deps: AnswerDeps, transports: XdomeaTransports): Promise<{ accepted: number; refused: number }> {
  const targets = await withPlatform(deps.db, async (trx) =>
    (await sql<{ tenant_id: string; target_id: string }>`select * from xdomea_polled_targets()`.execute(trx)).rows);
  let accepted = 0;
  let refused = 0;
  for (const { tenant_id: tenantId, target_id: targetId } of targets) {
    try {
      const row = await withTenant(deps.db, { tenantId }, (trx) => findTarget(trx, targetId));
      if (!row) continue;
      const target = toTarget(row);
      const transport = transports[target.transport];
      for (const answer of await transport.poll(target)) {
        const result = await receiveAnswer(deps, tenantId, targetId, answer.fileName, answer.body);
        if (result.outcome === 'refused') refused++;
        else accepted++;
        await transport.acknowledge(target, answer.fileName);
      }
    } catch (error) {
      deps.logger?.warn({ tenantId, targetId, err: (error as Error).name, reason: (error as { reason?: string }).reason }, 'xdomea answers could not be fetched');
    }
  }
  return { accepted, refused };
}

/** The background job of `amtsdesk start` (main/jobs.ts). */
export function startAnswerPolling(deps: AnswerDeps, transports: XdomeaTransports, intervalSeconds: number): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = pollAnswers(deps, transports).catch(() => {}).finally(() => { running = null; });
  }, intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
