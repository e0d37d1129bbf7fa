import { Type } from '@sinclair/typebox';
import { CaseStatusSchema } from '../cases/schemas.js';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });

export const NotificationParamsSchema = Type.Object({ id: Uuid('ID der Benachrichtigung') });

export const NotificationQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20, description: 'Höchstens so viele Einträge (1–50)' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor der vorigen Seite' })),
  },
  { additionalProperties: false },
);

export const NotificationSchema = Type.Object({
  id: Uuid(),
  kind: Type.String({ description: '„case.new“: ein neuer Vorgang im Posteingang der eigenen Organisationseinheit; „task.assigned“: eine Aufgabe (Prüfung, Mitzeichnung) für mich oder meine Einheit' }),
  case: Type.Object({ id: Uuid(), caseNumber: Type.String(), title: Type.String(), status: CaseStatusSchema }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const NotificationListSchema = Type.Object({
  unreadCount: Type.Integer({ minimum: 0, description: 'Ungelesene Benachrichtigungen insgesamt' }),
  items: Type.Array(NotificationSchema, { description: 'Neueste zuerst' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ReadAllSchema = Type.Object({
  marked: Type.Integer({ minimum: 0, description: 'So viele waren ungelesen' }),
  unreadCount: Type.Integer({ minimum: 0 }),
});
