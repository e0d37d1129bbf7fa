import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { OverdueBadge } from '../followups/OverdueBadge';
import '../followups/followups.css';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { tasksApi } from './api';

const x = t.tasks;

/** /aufgaben — open tasks for the signed-in person or one of their units, by due day with overdue ones first. */
export default function MyTasksPage() {
  useTitle(x.myTitle);
  const list = useAsync((signal) => tasksApi.mine(signal).then((r) => r.items), []);
  const items = list.data;
  return (
    <section className="page my-tasks">
      <div className="page__header">
        <h1 className="kern-heading-large">{x.myTitle}</h1>
        <p className="kern-body muted" role="status" aria-live="polite">{list.loading ? t.app.loading : items ? x.count(items.length) : ''}</p>
      </div>
      <p className="kern-body">{x.myIntro}</p>
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      {items && items.length === 0 ? <p className="kern-body muted">{x.myEmpty}</p> : null}
      {items && items.length > 0 ? (
        <div className="table-scroll">
          <table className="kern-table myfollowups-table">
            <caption className="kern-sr-only">{x.tableLabel}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">{x.colDue}</th>
                <th scope="col" className="kern-table__header">{x.colTask}</th>
                <th scope="col" className="kern-table__header">{x.colCase}</th>
                <th scope="col" className="kern-table__header">{x.colFrom}</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {items.map((task) => (
                <tr key={task.id} className={`kern-table__row${task.overdue ? ' is-overdue' : ''}`}>
                  <td className="kern-table__cell">{formatDate(task.dueDate)} {task.overdue ? <OverdueBadge /> : null}</td>
                  <td className="kern-table__cell">
                    <strong>{x.kinds[task.kind]}</strong>: {task.instruction}
                    {task.assignee.kind === 'org_unit' ? <><br /><span className="kern-body--small">{x.unit(task.assignee.displayName)}</span></> : null}
                  </td>
                  <td className="kern-table__cell">
                    <Link href={`/vorgaenge/${task.case.id}`}>{task.case.caseNumber}</Link><br /><span className="kern-body--small">{task.case.title}</span>
                  </td>
                  <td className="kern-table__cell">{task.createdBy.displayName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
