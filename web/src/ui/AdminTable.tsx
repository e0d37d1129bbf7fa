import type { ReactNode } from 'react';
import { t } from '../i18n/de';

/** One column: its header and what each row shows in it. */
export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** The cell names its row (th scope="row"), so a screen reader announces it with every other cell. */
  rowHeader?: boolean;
  className?: string;
}

/** The last column, for buttons acting on the row; headed „Aktionen“ unless `header` says otherwise. */
export interface RowActions<Row> {
  cell: (row: Row) => ReactNode;
  header?: ReactNode;
  className?: string;
}

interface Props<Row> {
  /** Every table has a caption (its accessible name); hidden by default because a heading above says it visibly. */
  caption: ReactNode;
  captionClassName?: string;
  columns: readonly Column<Row>[];
  /** `undefined` while nothing is known yet (loading or failed): then no empty text claims there is nothing. */
  rows: readonly Row[] | undefined;
  rowKey: (row: Row) => string | number;
  /** A reload is under way: an empty list may not be empty for long, so the empty text waits. */
  loading?: boolean;
  /** Shown in the body while `rows` is still undefined and `loading`. */
  loadingText?: ReactNode;
  /** Said when there are no rows: a full-width row in the table, or with `emptyAsNote` a muted paragraph instead of it. */
  empty?: ReactNode;
  emptyAsNote?: boolean;
  actions?: RowActions<Row>;
  rowClassName?: (row: Row) => string | undefined;
  /** data-* attributes per row, for tests and styles that find a row by what it stands for. */
  rowData?: (row: Row) => Record<`data-${string}`, string>;
  /** Classes after kern-table; admin-table unless given ('' for none). */
  className?: string;
  /** Wrapped in .table-scroll (default) so a wide table scrolls by itself, never the page. */
  scroll?: boolean;
}

function WideRow({ span, children }: { span: number; children: ReactNode }) {
  return (
    <tr className="kern-table__row">
      <td className="kern-table__cell" colSpan={span}>{children}</td>
    </tr>
  );
}

/** The KERN table of the administration screens: caption, column headers, one row per item, an empty text. */
export function AdminTable<Row>(props: Props<Row>) {
  const { rows, columns, actions, empty, loading = false } = props;
  const known = rows !== undefined && !loading;
  if (props.emptyAsNote && (rows === undefined || rows.length === 0)) {
    return known && empty ? <p className="kern-body muted">{empty}</p> : null;
  }
  const span = columns.length + (actions ? 1 : 0);
  const cellClass = (extra?: string) => (extra ? `kern-table__cell ${extra}` : 'kern-table__cell');
  const table = (
    <table className={['kern-table', props.className ?? 'admin-table'].filter(Boolean).join(' ')}>
      <caption className={props.captionClassName ?? 'kern-sr-only'}>{props.caption}</caption>
      <thead className="kern-table__head">
        <tr className="kern-table__row">
          {columns.map((c, i) => <th key={i} scope="col" className="kern-table__header">{c.header}</th>)}
          {actions ? <th scope="col" className="kern-table__header">{actions.header ?? t.admin.actions}</th> : null}
        </tr>
      </thead>
      <tbody className="kern-table__body">
        {rows === undefined && loading && props.loadingText ? <WideRow span={span}>{props.loadingText}</WideRow> : null}
        {known && rows.length === 0 && empty ? <WideRow span={span}>{empty}</WideRow> : null}
        {(rows ?? []).map((row) => {
          const extra = props.rowClassName?.(row);
          return (
            <tr key={props.rowKey(row)} className={extra ? `kern-table__row ${extra}` : 'kern-table__row'} {...props.rowData?.(row)}>
              {columns.map((c, i) => (c.rowHeader
                ? <th key={i} scope="row" className={cellClass(c.className)}>{c.cell(row)}</th>
                : <td key={i} className={cellClass(c.className)}>{c.cell(row)}</td>))}
              {actions ? <td className={cellClass(actions.className)}>{actions.cell(row)}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
  return props.scroll === false ? table : <div className="table-scroll">{table}</div>;
}
