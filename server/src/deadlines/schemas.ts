import { Type, type TLiteral, type TUnion } from '@sinclair/typebox';
import { HOLIDAY_STATES } from './calendar.js';

const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
/** A union of string literals that keeps its literal types. */
function lit<const T extends readonly string[]>(values: T): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v))) as never;
}

export const DeadlineSchema = Type.Object({
  dueOn: Day('Fristende (JJJJ-MM-TT, immer ein Arbeitstag)'),
  status: lit(['running', 'due_today', 'overdue', 'paused', 'met'] as const),
  remainingWorkingDays: Type.Union([Type.Integer(), Type.Null()], { description: 'Verbleibende Arbeitstage; negativ: seit so vielen Arbeitstagen überschritten; null: angehalten oder erledigt' }),
  pausedSince: Type.Union([Day('Angehalten seit (Rückfrage gesendet)'), Type.Null()]),
  kind: lit(['statutory', 'target'] as const),
  deemedApproval: Type.Boolean({ description: 'Mit Ablauf der Frist gilt die Genehmigung als erteilt (§ 42a VwVfG)' }),
  shiftedFrom: Type.Union([Type.Object({
    requestedOn: Day('Der gewünschte Tag'),
    reason: Type.String({ description: 'Warum er kein Arbeitstag ist (Samstag, Sonntag, Feiertag …)' }),
  }), Type.Null()], { description: 'Fiel das gewünschte Fristende auf ein Wochenende oder einen Feiertag, gilt der nächste Arbeitstag' }),
});

export const HolidayStateSchema = Type.Union([lit(HOLIDAY_STATES), Type.Null()], { description: 'Bundesland, dessen Feiertage zählen (null: nur bundesweite Feiertage)' });

export const DeadlineSettingsSchema = Type.Object({
  holidayState: HolidayStateSchema,
  states: Type.Array(Type.Object({ code: lit(HOLIDAY_STATES), name: Type.String() })),
});
export const DeadlineSettingsBodySchema = Type.Object({ holidayState: HolidayStateSchema }, { additionalProperties: false });

export const ExtensionBodySchema = Type.Object({
  workingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, description: 'Um so viele Arbeitstage verlängern' })),
  dueOn: Type.Optional(Day('Oder: neues Fristende (fällt es nicht auf einen Arbeitstag, gilt der nächste)')),
  reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Begründung der Verlängerung (Pflicht)' }),
}, { additionalProperties: false });

export const NoticeSettingsSchema = Type.Object({
  daysBefore: Type.Union([Type.Integer({ minimum: 1, maximum: 30 }), Type.Null()], { description: 'Hinweis so viele Arbeitstage vor Fristende (null: keiner)' }),
  onDueDay: Type.Boolean({ description: 'Hinweis am Tag des Fristendes' }),
});
