import { Type, type Static } from '@sinclair/typebox';

/** The data of one server-sent event on /api/live (event name = type). */
export const LiveMessageSchema = Type.Object({
  type: Type.Union([Type.Literal('case.created'), Type.Literal('case.changed'), Type.Literal('notification')]),
  caseId: Type.String({ format: 'uuid' }),
  // A type, never content. Clients tell changes of the case itself from notes and follow-ups by it.
  event: Type.String({ description: 'Art des Verlaufseintrags, z. B. „case.status_changed“, „note.added“, „follow_up.updated“' }),
  by: Type.Object({ id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]), name: Type.String() }),
});
export type LiveMessage = Static<typeof LiveMessageSchema>;
