import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import type { RegisterAnswer } from './api';

const x = t.registers;
type Result = RegisterAnswer['results'][number];

function recordTitle(record: Result['record']): string {
  return record.kind === 'person' ? `${record.firstName} ${record.lastName}` : record.name;
}

/**
 * One register record beside the application's applicant, field by field. A difference is marked
 * by an icon and the word „Abweichung“ as well as colour (WCAG 1.4.1), so it is found without colour.
 */
function RecordTable({ result }: { result: Result }) {
  const { record } = result;
  const differing = result.differences.filter((d) => d.differs).length;
  return (
    <div className="register-record">
      <h4 className="kern-heading-small">{x.recordTitle(recordTitle(record), record.identifier)}</h4>
      <p className="kern-body">{differing === 0 ? x.noDifferences : x.differenceCount(differing)}</p>
      <AdminTable
        caption={x.compareCaption(recordTitle(record))}
        className="register-compare"
        rows={result.differences}
        rowKey={(d) => d.field}
        rowClassName={(d) => (d.differs ? 'register-compare__row--differs' : undefined)}
        columns={[
          { header: x.colField, rowHeader: true, cell: (d) => d.label },
          { header: x.colApplication, cell: (d) => d.application ?? <span className="muted">{x.missing}</span> },
          { header: x.colRegister, cell: (d) => d.register ?? <span className="muted">{x.missing}</span> },
          {
            header: x.colResult,
            cell: (d) => (d.differs ? (
              <strong className="register-compare__marker">
                <span className="kern-icon kern-icon--warning" aria-hidden="true" /> {x.differs}
              </strong>
            ) : d.application && d.register ? x.same : x.notComparable),
          },
        ]}
      />
      {record.kind === 'person' && (record.birthName || record.nationality) ? (
        <p className="kern-body muted">
          {[record.birthName ? x.birthName(record.birthName) : '', record.nationality ? x.nationality(record.nationality) : ''].filter(Boolean).join(' · ')}
        </p>
      ) : null}
      {record.kind === 'company' && (record.legalForm || record.registerCourt) ? (
        <p className="kern-body muted">{[record.legalForm, record.registerCourt].filter(Boolean).join(' · ')}</p>
      ) : null}
    </div>
  );
}

/** The answer of a register query: who was asked, on what basis, and every record found beside the application. */
export function RegisterComparison({ answer }: { answer: RegisterAnswer }) {
  return (
    <div className="register-answer" aria-labelledby="register-answer-heading">
      <h3 id="register-answer-heading" className="kern-heading-small">{x.answerTitle(x.registerName[answer.register] ?? answer.register)}</h3>
      <p className="kern-body muted">{x.answerBasis(answer.legalBasis, answer.purpose)}</p>
      {answer.results.length === 0 ? <p className="kern-body">{x.noHits}</p> : null}
      {answer.results.map((r) => <RecordTable key={r.record.identifier} result={r} />)}
    </div>
  );
}
