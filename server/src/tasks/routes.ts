import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from '../cases/viewer.js';
import { presentMyTask, presentTask } from './presenter.js';
import { CaseParamsSchema, MyTaskListSchema, TaskCompleteSchema, TaskCreateSchema, TaskListSchema, TaskParamsSchema, TaskSchema } from './schemas.js';
import { cancelTask, completeTask, createTask, listCaseTasks, listMyTasks } from './service.js';

const tags = ['Aufgaben'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

/*
 * Completing and cancelling declare only case.read: whether this person may close this task is the
 * task's own rule (policy.ts) — the assignee needs no right to change the case itself.
 */
export async function taskRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get('/cases/:id/tasks', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Aufgaben eines Vorgangs (offene nach Fälligkeit, dann erledigte und zurückgezogene)', params: CaseParamsSchema, response: { 200: TaskListSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return { items: (await listCaseTasks(db, viewer, request.params.id)).map((row) => presentTask(row, viewer)) };
  });

  app.post('/cases/:id/tasks', {
    config: { permission: 'task.write' },
    schema: { tags, security, summary: 'Eine Person oder Organisationseinheit um Prüfung oder Mitzeichnung bitten', params: CaseParamsSchema, body: TaskCreateSchema, response: { 201: TaskSchema } },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    return reply.code(201).send(presentTask(await createTask(db, viewer, request.params.id, request.body), viewer));
  });

  app.post('/cases/:id/tasks/:tid/complete', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Aufgabe mit Ergebnis erledigen (nur die zugewiesene Person oder Einheit)', params: TaskParamsSchema, body: TaskCompleteSchema, response: { 200: TaskSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentTask(await completeTask(db, viewer, request.params.id, request.params.tid, request.body), viewer);
  });

  app.post('/cases/:id/tasks/:tid/cancel', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Aufgabe zurückziehen (wer sie angelegt hat oder den Vorgang bearbeiten darf)', params: TaskParamsSchema, response: { 200: TaskSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentTask(await cancelTask(db, viewer, request.params.id, request.params.tid), viewer);
  });

  app.get('/tasks', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Meine Aufgaben: offene Aufgaben für mich oder eine meiner Organisationseinheiten, nach Fälligkeit', response: { 200: MyTaskListSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return { items: (await listMyTasks(db, viewer)).map((row) => presentMyTask(row, viewer)) };
  });
}
