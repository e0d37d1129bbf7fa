import type { Database } from '../db/database.js';

export const LIVE_CHANNEL = 'amtsdesk_live';

/** One committed change of a case, as announced by the database (migration 0007). */
export interface CaseNotice {
  tenantId: string;
  caseId: string;
  eventType: string;
  orgUnitId: string | null;
  previousOrgUnitId: string | null;
  actorId: string | null;
  actorName: string;
  /** Set for notices addressed to one person (a new notification, migration 0017). */
  userId?: string | null;
}

type Listener = (notice: CaseNotice) => void;

/** A payload holds one notice, or an array of them (one statement's events, migration 0021). */
function parseNotices(payload: string): CaseNotice[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [];
  }
  const notices = (Array.isArray(parsed) ? parsed : [parsed]).map(toNotice);
  return notices.filter((n): n is CaseNotice => n !== null);
}

function toNotice(value: unknown): CaseNotice | null {
  if (typeof value !== 'object' || value === null) return null;
  const n = value as Partial<CaseNotice>;
  if (typeof n.tenantId !== 'string' || typeof n.caseId !== 'string' || typeof n.eventType !== 'string') return null;
  return {
    tenantId: n.tenantId,
    caseId: n.caseId,
    eventType: n.eventType,
    orgUnitId: n.orgUnitId ?? null,
    previousOrgUnitId: n.previousOrgUnitId ?? null,
    actorId: n.actorId ?? null,
    actorName: typeof n.actorName === 'string' ? n.actorName : '',
    userId: typeof n.userId === 'string' ? n.userId : null,
  };
}

/**
 * Fans the database's notices out to the open event streams of this server instance. LISTENs
 * lazily with the first subscriber and re-LISTENs after a lost connection (PostgreSQL restart).
 */
export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private stop: (() => Promise<void>) | null = null;
  private starting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly db: Database, private readonly logger?: { warn(obj: object, msg: string): void }) {}

  /** Resolves once the database connection is listening, so no notice after it is missed. */
  async subscribe(listener: Listener): Promise<() => void> {
    this.listeners.add(listener);
    await this.ensureListening();
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private ensureListening(): Promise<void> {
    if (this.stop || this.closed || !this.db.listen) return Promise.resolve();
    this.starting ??= this.db
      .listen(LIVE_CHANNEL, (payload) => this.dispatch(payload), (error) => this.lost(error))
      .then((stop) => {
        this.stop = stop;
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  private dispatch(payload: string): void {
    for (const notice of parseNotices(payload)) {
      for (const listener of this.listeners) listener(notice);
    }
  }

  private lost(error: Error): void {
    this.logger?.warn({ err: { message: error.message } }, 'live updates: listening connection lost, reconnecting');
    const stop = this.stop;
    this.stop = null;
    void stop?.();
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureListening().catch((e: Error) => this.lost(e));
    }, 2000);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.starting?.catch(() => {});
    const stop = this.stop;
    this.stop = null;
    await stop?.().catch(() => {});
  }
}
