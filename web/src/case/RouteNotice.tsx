import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { messagesApi, type MessageRoute } from './messagesApi';

const r = t.mailbox.route;

/** The way a message to this case's applicant would go now (asked from the server, which decides). */
export function useMessageRoute(caseId: string) {
  return useAsync((signal) => messagesApi.route(caseId, signal), [caseId]);
}

/**
 * Shown before sending: which way the message goes and why, what data would open a better way,
 * and, where an electronic way exists and a letter is possible, the choice to post it instead.
 */
export function RouteNotice({ route, error, asLetter, onAsLetter, idPrefix }: {
  route: MessageRoute | undefined; error?: unknown; asLetter: boolean; onAsLetter: (value: boolean) => void; idPrefix: string;
}) {
  if (error) return <Alert tone="danger" title={isApiError(error) ? error.detail : t.app.unexpectedError} />;
  if (!route) return <p role="status" className="kern-body muted">{r.loading}</p>;
  const letter = route.channel === 'letter' || asLetter;
  const tone = route.channel === null ? 'danger' : route.channel === 'letter' ? 'warning' : 'info';
  return (
    <div className="route-notice" data-channel={route.channel ?? 'none'}>
      <Alert tone={tone} title={`${r.heading}: ${letter ? t.mailbox.channel.letter : route.channel ? route.label : r.none}`}>
        <p className="kern-body">{route.reason}</p>
        {route.missing.length ? (
          <>
            <p className="kern-body">{r.missing}</p>
            <ul className="kern-list">{route.missing.map((item) => <li key={item}>{item}</li>)}</ul>
          </>
        ) : null}
        {letter ? <p className="kern-body">{r.letterHint}</p> : null}
      </Alert>
      {route.channel && route.channel !== 'letter' && route.letterPossible ? (
        <div className="kern-form-check">
          <input id={`${idPrefix}-as-letter`} type="checkbox" className="kern-form-check__input" checked={asLetter} onChange={(e) => onAsLetter(e.target.checked)} />
          <label className="kern-label" htmlFor={`${idPrefix}-as-letter`}>{r.preferLetter}</label>
        </div>
      ) : null}
    </div>
  );
}
