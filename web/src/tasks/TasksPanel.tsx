import { useState } from 'react';
import { isApiError } from '../api/client';
import type { CasePermission } from '../api/types';
import { useAsync } from '../app/useAsync';
import { OverdueBadge } from '../followups/OverdueBadge';
import '../followups/followups.css';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { tasksApi, type CompleteBody, type Task } from './api';
import { CreateTaskDialog } from './CreateTaskDialog';
import './tasks.css';

const x = t.tasks;
const assigneeName = (task: Task) => (task.assignee.kind === 'org_unit' ? x.unit(task.assignee.displayName) : task.assignee.displayName);

function CompleteForm({ task, onDone }: { task: Task; onDone: (body: CompleteBody) => Promise<void> }) {
  const choices = x.outcomesOf[task.kind] ?? ['done'];
  const [outcome, setOutcome] = useState(choices[0]!);
  const [comment, setComment] = useState('');
  return (
    <form className="task-complete" noValidate aria-label={x.completeTitle(x.kinds[task.kind] ?? '')}
      onSubmit={(e) => { e.preventDefault(); void onDone({ outcome, ...(comment.trim() ? { comment: comment.trim() } : {}) } as CompleteBody); }}>
      <fieldset className="kern-fieldset task-choices">
        <legend className="kern-label">{x.outcome}</legend>
        <div className="kern-fieldset__body">
        {choices.map((value) => (
          <div key={value} className="kern-form-check">
            <input className="kern-form-check__radio" type="radio" name={`outcome-${task.id}`} id={`outcome-${task.id}-${value}`} value={value}
              checked={outcome === value} onChange={() => setOutcome(value)} />
            <label className="kern-label" htmlFor={`outcome-${task.id}-${value}`}>{x.outcomes[value]}</label>
          </div>
        ))}
        </div>
      </fieldset>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor={`comment-${task.id}`}>{x.comment}</label>
        <input id={`comment-${task.id}`} className="kern-form-input__input" maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{x.completeSubmit}</span></button>
    </form>
  );
}

/** Tasks of a case: who was asked for what by when, the outcome, and completing or withdrawing them. */
export function TasksPanel({ caseId, permissions, onChanged }: { caseId: string; permissions: readonly CasePermission[]; onChanged: () => void }) {
  const canCreate = permissions.includes('task.write');
  const list = useAsync((signal) => tasksApi.list(caseId, signal).then((r) => r.items), [caseId]);
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [rowError, setRowError] = useState<{ id: string; text: string } | null>(null);
  const items = list.data ?? [];

  const changed = (text: string) => {
    setStatus(text);
    list.reload();
    onChanged();
  };
  const run = async (task: Task, call: () => Promise<Task>, text: string) => {
    setRowError(null);
    try {
      await call();
      changed(text);
    } catch (e) {
      setRowError({ id: task.id, text: isApiError(e) ? e.detail : t.app.unexpectedError });
    }
  };

  return (
    <section className="case-section tasks-panel" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading" className="kern-heading-medium">{x.title}</h2>
      <p className="kern-body--small">{x.intro}</p>
      <p className="kern-sr-only" role="status" aria-live="polite">{status}</p>
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      {list.data && items.length === 0 ? <p className="kern-body muted">{x.empty}</p> : null}
      <ul className="panel-list">
        {items.map((task) => (
          <li key={task.id} className={`panel-item task${task.overdue ? ' panel-item--overdue' : ''}${task.state !== 'open' ? ' panel-item--done' : ''}`}
            aria-labelledby={`task-title-${task.id}`}>
            <p className="panel-item__title" id={`task-title-${task.id}`}>{x.kinds[task.kind]}: {task.instruction}</p>
            <p className="kern-body--small">
              {x.assignedTo(assigneeName(task))} · {x.due(formatDate(task.dueDate))} · {x.askedBy(task.createdBy.displayName, formatDate(task.createdAt))}
            </p>
            <p className="follow-up-due">
              {task.overdue ? <OverdueBadge /> : null}
              {task.state === 'open' ? <span className="kern-badge kern-badge--info"><span className="kern-label kern-label--small">{x.states.open}</span></span> : (
                <span className={`kern-badge ${task.state === 'done' ? 'kern-badge--success' : 'kern-badge--warning'}`}>
                  <span className="kern-label kern-label--small">
                    {x.closedBy(task.outcome ? x.outcomes[task.outcome]! : x.states[task.state]!, task.closedBy?.displayName ?? '', formatDate(task.closedAt ?? ''))}
                  </span>
                </span>
              )}
            </p>
            {task.outcomeComment ? <p className="kern-body--small">{task.outcomeComment}</p> : null}
            {rowError?.id === task.id ? <Alert tone="danger" title={rowError.text} /> : null}
            {task.mayComplete ? <CompleteForm task={task} onDone={(body) => run(task, () => tasksApi.complete(caseId, task.id, body), x.completed)} /> : null}
            {task.mayCancel ? (
              <div className="panel-item__buttons task-actions"><button type="button" className="kern-btn kern-btn--secondary" aria-describedby={`task-title-${task.id}`} onClick={() => void run(task, () => tasksApi.cancel(caseId, task.id), x.withdrawn)}>
                <span className="kern-label">{x.withdraw}</span>
              </button></div>
            ) : null}
          </li>
        ))}
      </ul>
      {canCreate ? (
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setOpen(true)}><span className="kern-label">{x.create}</span></button>
      ) : null}
      {open ? (
        <CreateTaskDialog caseId={caseId} isOpen={open} onClose={() => setOpen(false)} onCreated={() => { setOpen(false); changed(x.created); }} />
      ) : null}
    </section>
  );
}
