import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import type { ProcessDetail } from './xdomeaApi';

const x = t.xdomea;

/** The messages of one xdomea process (sent and received), oldest first. */
export function ProcessMessages({ messages, caption }: { messages: ProcessDetail['messages']; caption: string }) {
  if (!messages.length) return null;
  return (
    <table className="kern-table xdomea-messages">
      <caption className="kern-table__caption">{caption}</caption>
      <thead className="kern-table__head">
        <tr className="kern-table__row">
          {x.messageCols.map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
        </tr>
      </thead>
      <tbody className="kern-table__body">
        {messages.map((m) => (
          <tr key={`${m.direction}:${m.fileName}`} className="kern-table__row">
            <td className="kern-table__cell">{x.messageName[m.messageType] ?? m.messageType}</td>
            <td className="kern-table__cell">{x.direction[m.direction]}</td>
            <td className="kern-table__cell">{x.messageState[m.state]}</td>
            <td className="kern-table__cell">{formatDateTime(m.sentAt ?? m.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
