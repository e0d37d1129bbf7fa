import { Type } from '@sinclair/typebox';

export const DashboardSchema = Type.Object({
  byStatus: Type.Record(Type.String(), Type.Integer(), { description: 'Anzahl der Vorgänge je Status' }),
  total: Type.Integer({ description: 'Alle sichtbaren Vorgänge' }),
  newThisWeek: Type.Integer({ description: 'Seit Montag 0 Uhr (deutsche Zeit) eingegangen' }),
  overdueFollowUps: Type.Integer({ description: 'Offene Wiedervorlagen mit Fälligkeit vor heute' }),
  medianProcessingDaysByService: Type.Array(Type.Object({
    serviceId: Type.String({ format: 'uuid' }),
    name: Type.String(),
    medianDays: Type.Number({ description: 'Median der Tage von der Anlage bis zur ersten Entscheidung oder Ablehnung' }),
    decidedCount: Type.Integer({ description: 'Anzahl der entschiedenen oder abgelehnten Vorgänge' }),
  })),
  incomingPerWeek: Type.Array(Type.Object({
    weekStart: Type.String({ format: 'date', description: 'Montag der Kalenderwoche' }),
    count: Type.Integer(),
  }), { description: 'Eingänge der letzten 12 Kalenderwochen, älteste zuerst' }),
  figuresAsOf: Type.String({ format: 'date-time', description: 'Stand von newThisWeek, overdueFollowUps, medianProcessingDaysByService und incomingPerWeek (zwischengespeichert); byStatus und total sind immer aktuell' }),
  figuresMaxAgeSeconds: Type.Integer({ description: 'So alt dürfen die zwischengespeicherten Kennzahlen höchstens sein' }),
});
