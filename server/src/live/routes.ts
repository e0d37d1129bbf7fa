import type { AppDeps, AppInstance } from '../http/app-types.js';
import { requireTenantPrincipal } from '../auth/principal.js';
import { viewerOf } from '../cases/viewer.js';
import { LiveHub } from './hub.js';
import { EventStream, toMessage, visibleTo } from './stream.js';
import { LiveMessageSchema } from './schemas.js';

/** GET /api/live — server-sent events about cases the signed-in user may see (docs/decisions/0004). */
export async function liveRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const hub = new LiveHub(deps.db, app.log);
  app.addHook('onClose', async () => hub.close());

  app.get('/live', {
    config: { permission: 'case.read' },
    schema: {
      tags: ['Vorgänge'],
      security: [{ session: [] }, { bearer: [] }],
      summary: 'Live-Aktualisierungen (text/event-stream): neue und geänderte Vorgänge der eigenen Organisationseinheiten',
      description:
        'Ereignisse „case.created“ und „case.changed“ mit data = { type, caseId, event, by: { id, name } }, jeweils nach dem Speichern; ' +
        'event ist die Art des Verlaufseintrags (z. B. „case.status_changed“, „note.added“, „follow_up.updated“); ' +
        '„notification“ (gleiche Form), wenn die angemeldete Person eine neue Benachrichtigung hat. ' +
        'Alle 25 Sekunden ein Kommentar als Lebenszeichen.',
      response: { 200: { description: 'text/event-stream: je Ereignis data = JSON', content: { 'text/event-stream': { schema: LiveMessageSchema } } } },
    },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    const viewer = viewerOf(principal);

    reply.hijack();
    const stream = new EventStream(reply.raw);
    let unsubscribe: (() => void) | null = null;
    let closed = false;
    const cleanup = () => {
      closed = true;
      unsubscribe?.();
      stream.close();
    };
    request.raw.on('close', cleanup);
    reply.raw.on('error', cleanup);
    try {
      unsubscribe = await hub.subscribe((notice) => {
        if (visibleTo(viewer, notice)) stream.send(toMessage(notice));
      });
      if (closed) unsubscribe();
      else stream.connected();
    } catch (error) {
      request.log.error({ err: error }, 'live updates: cannot listen');
      cleanup();
    }
  });
}
