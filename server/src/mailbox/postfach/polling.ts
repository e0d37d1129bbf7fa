import { sql } from 'kysely';
import type { Logger } from 'pino';
import { withPlatform, withTenant } from '../../db/database.js';
import type { UpdateDeps } from '../updates.js';
import { processUpdates } from '../updates.js';
import { postfachAdapter } from './adapters.js';
import { findPostfachSettings, isPostfachChannel } from './settings.js';

/**
 * Replies and delivery states from the Postfach gateways (OSI, BayernID, MUK), polled like the
 * external mailbox service: GET {gateway}/updates?since=<cursor>. A reply lands in the case of the
 * message it answers, as a message of the same channel ("by the same route"). The ZBP has no way
 * back, so BundID is not polled.
 */
export async function pollPostfachGateways(deps: UpdateDeps, logger?: Logger): Promise<number> {
  const polled = await withPlatform(deps.db, async (trx) => (await sql<{ tenant_id: string; channel: string }>`select * from postfach_polled_channels()`.execute(trx)).rows);
  let handled = 0;
  for (const { tenant_id: tenantId, channel } of polled) {
    if (!isPostfachChannel(channel)) continue;
    try {
      const settings = await withTenant(deps.db, { tenantId }, (trx) => findPostfachSettings(trx, tenantId, channel));
      const adapter = postfachAdapter(channel, settings, deps.blobs, deps.config.outbound);
      if (!adapter.fetchUpdates) continue;
      const updates = await adapter.fetchUpdates(settings?.poll_cursor ?? null);
      handled += (await processUpdates(deps, tenantId, updates, channel)).accepted;
      await withTenant(deps.db, { tenantId }, (trx) =>
        trx.updateTable('postfach_settings').set({ poll_cursor: updates.cursor }).where('tenant_id', '=', tenantId).where('channel', '=', channel).execute(),
      );
    } catch (error) {
      logger?.warn({ tenantId, channel, err: { message: (error as Error).message?.slice(0, 100) } }, 'postfach polling failed');
    }
  }
  return handled;
}
