import { Type, type Static } from '@sinclair/typebox';
import { CaseStatusSchema } from '../cases/schemas.js';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const TASK_KINDS = ['check', 'co_signature', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_OUTCOMES = ['approved', 'objection', 'cosigned', 'refused', 'done'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];
/** Which outcomes close which kind of task: a check is „in Ordnung“ or „Beanstandung“, a co-signature given or refused. */
export const OUTCOMES_OF: Record<TaskKind, readonly TaskOutcome[]> = {
  check: ['approved', 'objection'],
  co_signature: ['cosigned', 'refused'],
  other: ['done'],
};

const KindSchema = (options: { description?: string } = {}) =>
  Type.Union([Type.Literal('check'), Type.Literal('co_signature'), Type.Literal('other')], options);
const OutcomeSchema = (options: { description?: string } = {}) => Type.Union(
  [Type.Literal('approved'), Type.Literal('objection'), Type.Literal('cosigned'), Type.Literal('refused'), Type.Literal('done')], options);

export const CaseParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs') });
export const TaskParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs'), tid: Uuid('ID der Aufgabe') });

export const TaskCreateSchema = Type.Object({
  kind: KindSchema({ description: 'check: Prüfung; co_signature: Mitzeichnung; other: sonstige Aufgabe' }),
  instruction: Type.String({ minLength: 1, maxLength: 2000, description: 'Was zu tun ist' }),
  assigneeUserId: Type.Optional(Uuid('Eine Person der Kommune (oder assigneeOrgUnitId)')),
  assigneeOrgUnitId: Type.Optional(Uuid('Eine Organisationseinheit der Kommune (oder assigneeUserId)')),
  dueDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Zu erledigen bis (Kalendertag, deutsche Zeit); nicht in der Vergangenheit' }),
}, { additionalProperties: false });
export type TaskCreate = Static<typeof TaskCreateSchema>;

export const TaskCompleteSchema = Type.Object({
  outcome: OutcomeSchema({
    description: 'Prüfung: approved (in Ordnung) oder objection (Beanstandung); Mitzeichnung: cosigned oder refused; sonstige: done',
  }),
  comment: Type.Optional(Type.String({ maxLength: 2000, description: 'Bemerkung (optional)' })),
}, { additionalProperties: false });
export type TaskComplete = Static<typeof TaskCompleteSchema>;

export const TaskSchema = Type.Object({
  id: Uuid(),
  caseId: Uuid(),
  kind: KindSchema(),
  instruction: Type.String(),
  assignee: Type.Object({
    kind: Type.Union([Type.Literal('user'), Type.Literal('org_unit')]),
    id: Uuid(),
    displayName: Type.String(),
  }),
  dueDate: Type.String({ description: 'yyyy-mm-dd' }),
  state: Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]),
  overdue: Type.Boolean({ description: 'offen und vor dem heutigen Tag fällig' }),
  outcome: Nullable(OutcomeSchema()),
  outcomeComment: Nullable(Type.String()),
  createdBy: Type.Object({ id: Nullable(Uuid()), displayName: Type.String() }),
  createdAt: DateTime,
  closedBy: Nullable(Type.Object({ id: Nullable(Uuid()), displayName: Type.String() })),
  closedAt: Nullable(DateTime),
  mayComplete: Type.Boolean({ description: 'Die anfragende Person ist die zugewiesene (oder gehört zur zugewiesenen Einheit)' }),
  mayCancel: Type.Boolean({ description: 'Die anfragende Person hat die Aufgabe angelegt oder darf den Vorgang bearbeiten' }),
});

export const TaskListSchema = Type.Object({ items: Type.Array(TaskSchema) });

export const MyTaskListSchema = Type.Object({
  items: Type.Array(Type.Object({
    ...TaskSchema.properties,
    case: Type.Object({ id: Uuid(), caseNumber: Type.String(), title: Type.String(), status: CaseStatusSchema }),
  })),
});
