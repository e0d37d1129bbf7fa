import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';

/**
 * Shown instead of the list when the server refuses a search as too broad for its budget
 * (`search_too_broad`, decision 0015): what to do next, not a spinner.
 */
export function SearchTooBroadHint({ onClearSearch }: { onClearSearch: () => void }) {
  return (
    <Alert tone="warning" title={t.inbox.tooBroad.title} id="search-too-broad">
      <p className="kern-body">{t.inbox.tooBroad.body}</p>
      <button type="button" className="kern-btn kern-btn--secondary" onClick={onClearSearch}>
        <span className="kern-label">{t.inbox.tooBroad.clear}</span>
      </button>
    </Alert>
  );
}
