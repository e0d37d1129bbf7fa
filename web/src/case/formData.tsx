import { Fragment, type ReactNode } from 'react';
import type { FormItem } from '../api/types';
import { formatDate, formatNumber } from '../i18n/format';
import { t } from '../i18n/de';

export function formatValue(item: FormItem): string {
  if (item.booleanValue !== undefined && item.booleanValue !== null) return item.booleanValue ? t.caseDetail.yes : t.caseDetail.no;
  if (item.dateValue) return formatDate(item.dateValue);
  if (item.numberValue !== undefined && item.numberValue !== null) return formatNumber(item.numberValue);
  const s = item.stringValue ?? '';
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? formatDate(s) : s;
}

/** "weiblich (Schlüssel 1)": the option text people read, and the code the form sent. */
function withCode(item: FormItem, text: string): string {
  return item.code !== undefined && item.code !== '' ? `${text} (${t.caseDetail.formCode(item.code)})` : text;
}

const isGroup = (item: FormItem) => Array.isArray(item.formItems) && item.formItems.length > 0;
/** "kind_2", "fahrzeug-3" and "kind" are the same repeated group. */
const baseName = (name: string) => name.replace(/[_-]?\d+$/, '');

/** A group whose children are all groups of one kind (a list of children, vehicles …). */
function isListContainer(item: FormItem): boolean {
  const kids = item.formItems ?? [];
  return kids.length > 1 && kids.every(isGroup) && new Set(kids.map((k) => baseName(k.name))).size === 1;
}

/** The leaves of a group, nested groups flattened into "Gruppe: Feld" columns. */
function leaves(items: FormItem[], prefix = ''): { key: string; label: string; value: string }[] {
  return items.flatMap((i) =>
    isGroup(i)
      ? leaves(i.formItems!, `${prefix}${i.label || i.name}: `)
      : [{ key: `${prefix}${i.name}`, label: `${prefix}${i.label || i.name}`, value: withCode(i, formatValue(i)) }],
  );
}

function Heading({ depth, children }: { depth: number; children: ReactNode }) {
  const level = Math.min(6, 3 + depth);
  const Tag = `h${level}` as 'h3';
  return <Tag className={depth === 0 ? 'kern-heading-small' : 'kern-title'}>{children}</Tag>;
}

function LeafList({ items }: { items: FormItem[] }) {
  return (
    <dl className="kern-description-list form-dl">
      {items.map((i, n) => (
        <div className="kern-description-list-item" key={`${i.name}-${n}`}>
          <dt className="kern-description-list-item__key">{i.label || i.name}</dt>
          <dd className="kern-description-list-item__value">
            {formatValue(i) || '—'}
            {i.code !== undefined && i.code !== '' && <span className="muted form-code"> ({t.caseDetail.formCode(i.code)})</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A group that occurs several times among its siblings (children, vehicles …) as one table. */
function RepeatedGroup({ groups, depth, title }: { groups: FormItem[]; depth: number; title: string }) {
  const rows = groups.map((g) => leaves(g.formItems ?? []));
  const columns: { key: string; label: string }[] = [];
  for (const row of rows) for (const c of row) if (!columns.some((x) => x.key === c.key)) columns.push(c);
  return (
    <section className="form-group">
      <Heading depth={depth}>{title}</Heading>
      <div className="table-scroll">
        <table className="kern-table kern-table--small">
          <caption className="kern-sr-only">{title}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Nr.
              </th>
              {columns.map((c) => (
                <th scope="col" className="kern-table__header" key={c.key}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {rows.map((row, r) => (
              <tr className="kern-table__row" key={r}>
                <td className="kern-table__cell">{r + 1}</td>
                {columns.map((c) => (
                  <td className="kern-table__cell" key={c.key}>
                    {row.find((x) => x.key === c.key)?.value ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Renders a labelled form tree: fields as description lists, groups as sections, repeats as tables. */
export function FormItems({ items, depth = 0 }: { items: FormItem[]; depth?: number }) {
  const out: ReactNode[] = [];
  let buffer: FormItem[] = [];
  const flush = () => {
    if (buffer.length) out.push(<LeafList key={`l${out.length}`} items={buffer} />);
    buffer = [];
  };
  items.forEach((item, index) => {
    if (!isGroup(item)) {
      buffer.push(item);
      return;
    }
    flush();
    if (isListContainer(item)) {
      out.push(<RepeatedGroup key={`c${index}`} groups={item.formItems!} depth={depth} title={item.label || item.name} />);
      return;
    }
    const sameKind = (s: FormItem) => isGroup(s) && baseName(s.name) === baseName(item.name);
    const same = items.filter(sameKind);
    if (same.length > 1) {
      if (items.findIndex(sameKind) === index) {
        out.push(<RepeatedGroup key={`r${index}`} groups={same} depth={depth} title={item.label.replace(/\s*\d+$/, '') || item.name} />);
      }
      return;
    }
    out.push(
      <section className="form-group" key={`g${index}`}>
        <Heading depth={depth}>{item.label || item.name}</Heading>
        <FormItems items={item.formItems!} depth={depth + 1} />
      </section>,
    );
  });
  flush();
  return <Fragment>{out}</Fragment>;
}
