import { Cell, Column, Row, Table, TableBody, TableHeader, type SortDescriptor } from 'react-aria-components';
import type { CaseSummary } from '../api/types';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { StatusBadge } from '../ui/StatusBadge';
import { NextFollowUpCell } from '../followups/NextFollowUpCell';
import { BulkSelectionCheckbox } from './BulkSelectionCheckbox';
import { DeadlineCell, DeputyBadge } from '../deadlines/DeadlineCell';

interface CaseTableProps {
  items: CaseSummary[];
  sort: string;
  onSortChange: (sort: string) => void;
  loading: boolean;
  /** Bulk selection (checkboxes); omitted: no selection column. */
  selection?: { keys: Set<string>; onChange: (keys: Set<string>) => void };
}

function toDescriptor(sort: string): SortDescriptor {
  return { column: sort.replace(/^-/, ''), direction: sort.startsWith('-') ? 'descending' : 'ascending' };
}

function SortableHeader({ label, direction }: { label: string; direction?: 'ascending' | 'descending' }) {
  const icon = direction === 'ascending' ? 'arrow-up' : direction === 'descending' ? 'arrow-down' : null;
  return (
    <span className="sortable">
      {label}
      {icon ? <span className={`kern-icon kern-icon--small kern-icon--${icon}`} aria-hidden="true" /> : null}
    </span>
  );
}

/**
 * The inbox grid (react-aria: arrow keys move between rows and cells, Enter opens the row's case).
 * Sortable columns announce their direction (aria-sort).
 */
export function CaseTable({ items, sort, onSortChange, loading, selection }: CaseTableProps) {
  return (
    <div className="table-scroll">
      <Table
        aria-label={t.inbox.tableLabel}
        className="kern-table inbox-table"
        sortDescriptor={toDescriptor(sort)}
        onSortChange={(d) => onSortChange(`${d.direction === 'descending' ? '-' : ''}${String(d.column)}`)}
        data-loading={loading || undefined}
        {...(selection
          ? {
              selectionMode: 'multiple' as const,
              selectionBehavior: 'toggle' as const,
              selectedKeys: selection.keys,
              onSelectionChange: (keys: 'all' | Set<React.Key>) =>
                selection.onChange(keys === 'all' ? new Set(items.map((c) => c.id)) : new Set([...keys].map(String))),
            }
          : {})}
      >
        <TableHeader className="kern-table__head">
          {selection ? (
            <Column id="select" className="kern-table__header select-col">
              <BulkSelectionCheckbox label={t.bulk.selectPage} />
            </Column>
          ) : null}
          <Column id="case_number" isRowHeader allowsSorting className="kern-table__header">
            {({ sortDirection }) => <SortableHeader label={t.inbox.colNumber} direction={sortDirection} />}
          </Column>
          <Column id="service" className="kern-table__header">
            {t.inbox.colService}
          </Column>
          <Column id="applicant" className="kern-table__header">
            {t.inbox.colApplicant}
          </Column>
          <Column id="received_at" allowsSorting className="kern-table__header">
            {({ sortDirection }) => <SortableHeader label={t.inbox.colReceived} direction={sortDirection} />}
          </Column>
          <Column id="status" className="kern-table__header">
            {t.inbox.colStatus}
          </Column>
          <Column id="assignee" className="kern-table__header">
            {t.inbox.colAssignee}
          </Column>
          <Column id="follow_up" className="kern-table__header">
            {t.followUps.column}
          </Column>
          <Column id="due" allowsSorting className="kern-table__header">
            {({ sortDirection }) => <SortableHeader label={t.deadlines.column} direction={sortDirection} />}
          </Column>
        </TableHeader>
        <TableBody
          items={items}
          className="kern-table__body"
          renderEmptyState={() => (loading ? t.app.loading : <p className="inbox-table__empty">{t.inbox.empty}</p>)}
        >
          {(c) => (
            <Row id={c.id} href={`/vorgaenge/${c.id}`} className="kern-table__row inbox-row" data-case-number={c.caseNumber}>
              {selection ? (
                <Cell className="kern-table__cell">
                  <BulkSelectionCheckbox />
                </Cell>
              ) : null}
              <Cell className="kern-table__cell">
                <span className="case-number">{c.caseNumber}</span>
                {c.hasUnreadReply ? <span className="unread-reply">{t.mailbox.unreadReply}</span> : null}
              </Cell>
              <Cell className="kern-table__cell">{c.service.name}</Cell>
              <Cell className="kern-table__cell">{c.applicantName}</Cell>
              <Cell className="kern-table__cell">{formatDate(c.receivedAt)}</Cell>
              <Cell className="kern-table__cell">
                <StatusBadge status={c.status} />
              </Cell>
              <Cell className="kern-table__cell">
                {c.assignee ? c.assignee.displayName : <span className="muted">{t.inbox.unassigned}</span>}
                {c.inDeputyFor ? <> <DeputyBadge name={c.inDeputyFor.displayName} /></> : null}
              </Cell>
              <Cell className="kern-table__cell">
                <NextFollowUpCell next={c.nextFollowUp} />
              </Cell>
              <Cell className="kern-table__cell">
                <DeadlineCell deadline={c.deadline} />
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </div>
  );
}
