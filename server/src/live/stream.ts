import type { ServerResponse } from 'node:http';
import type { Viewer } from '../cases/viewer.js';
import type { CaseNotice } from './hub.js';
import type { LiveMessage } from './schemas.js';

export const HEARTBEAT_MS = 25_000;

/** Only the viewer's tenant, and within it only cases of the viewer's org units (or that just left them). */
export function visibleTo(viewer: Viewer, notice: CaseNotice): boolean {
  if (notice.tenantId !== viewer.tenantId) return false;
  // A notification is for its one recipient only.
  if (notice.userId) return notice.userId === viewer.userId;
  if (viewer.orgUnitIds.length === 0) return true;
  return [notice.orgUnitId, notice.previousOrgUnitId].some((unit) => unit !== null && viewer.orgUnitIds.includes(unit));
}

export function toMessage(notice: CaseNotice): LiveMessage {
  return {
    type: notice.eventType === 'notification.created' ? 'notification' : notice.eventType === 'case.created' ? 'case.created' : 'case.changed',
    caseId: notice.caseId,
    event: notice.eventType,
    by: { id: notice.actorId, name: notice.actorName },
  };
}

/** Server-sent events on a raw response: headers, messages, heartbeat comments. */
export class EventStream {
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly res: ServerResponse, heartbeatMs = HEARTBEAT_MS) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.write('retry: 5000\n\n');
    this.heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Says the stream is live: sent only once the database listens, so no later change is missed. */
  connected(): void {
    this.res.write(': verbunden\n\n');
  }

  send(message: LiveMessage): void {
    this.res.write(`event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
  }
}
