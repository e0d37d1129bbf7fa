import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { may, useMe } from '../auth/session';
import { t } from '../i18n/de';
import { formatDateTime } from '../i18n/format';
import { Alert } from '../ui/Alert';
import { delegationApi } from './delegationApi';
import { ShareDialog } from './ShareDialog';

const S = t.delegation.share;

/**
 * On a case of our own: share it with a municipality under an assistance agreement, and end the
 * share. Shown to people who may share, and only when an agreement or a share exists.
 */
export function CaseSharePanel({ caseId, onChanged }: { caseId: string; onChanged: () => void }) {
  const allowed = may(useMe(), 'delegation.share');
  const grants = useAsync((signal) => (allowed ? delegationApi.grants(caseId, signal).then((r) => r.items) : Promise.resolve([])), [caseId, allowed]);
  const agreements = useAsync((signal) => (allowed ? delegationApi.assistance(signal).then((r) => r.items) : Promise.resolve([])), [allowed]);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const open_ = (grants.data ?? []).filter((g) => !g.revokedAt);
  const sharedWith = new Set(open_.map((g) => g.grantee.id));
  const available = (agreements.data ?? []).filter((a) => !sharedWith.has(a.partner.id));
  if (!allowed || (!open_.length && !agreements.data?.length)) return null;
  const changed = (message: string) => { setNotice(message); setFailure(undefined); grants.reload(); onChanged(); };
  const unshare = async (grantId: string, name: string) => {
    try {
      await delegationApi.unshare(caseId, grantId);
      changed(S.ended(name));
    } catch (e) {
      setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };
  return (
    <section className="case-panel" aria-labelledby="case-share-heading">
      <h2 id="case-share-heading" className="kern-heading-small">{S.title}</h2>
      <p className="kern-body muted">{S.intro}</p>
      <div role="status">{notice ? <Alert tone="success" title={notice} /> : null}</div>
      {failure ? <Alert tone="danger" title={failure} /> : null}
      {open_.length ? (
        <ul className="case-share__list">
          {open_.map((g) => (
            <li key={g.id}>
              {S.sharedWith(g.grantee.name, g.grantedBy, formatDateTime(g.grantedAt))}{' '}
              <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void unshare(g.id, g.grantee.name)}>
                <span className="kern-label">{S.end(g.grantee.name)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : <p className="kern-body">{S.none}</p>}
      {available.length ? (
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setOpen(true)}>
          <span className="kern-label">{S.open}</span>
        </button>
      ) : null}
      {open ? (
        <ShareDialog caseId={caseId} agreements={available} onClose={() => setOpen(false)}
          onShared={(name) => { setOpen(false); changed(S.done(name)); }} />
      ) : null}
    </section>
  );
}
