import { useState } from 'react';
import { casesApi } from '../api/endpoints';
import { CASE_ACTIONS, type CaseAction, type CaseDetail, type Me } from '../api/types';
import type { Lookups } from '../app/lookups';
import { t } from '../i18n/de';
import { AssignDialog, ConfirmDeletionDialog, ForwardDialog, RejectDialog } from './ActionDialogs';
import type { Runner } from './runner';

type DialogKind = 'reject' | 'forward' | 'request_deletion' | 'assign' | null;
const PRIMARY = new Set(['accept', 'start', 'decide', 'close']);

interface CaseActionsProps {
  detail: CaseDetail;
  me: Me;
  lookups: Lookups;
  run: Runner;
  busy: boolean;
}

/** Status actions and assignment, offered exactly as the server's allowedActions say. */
export function CaseActions({ detail, me, lookups, run, busy }: CaseActionsProps) {
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const allowed = new Set(detail.allowedActions);
  const statusActions = CASE_ACTIONS.filter((a) => allowed.has(a));

  const open = (kind: DialogKind) => {
    setFieldError(undefined);
    setDialog(kind);
  };
  const close = () => setDialog(null);

  const transition = async (action: CaseAction, extra: { reason?: string; orgUnitId?: string } = {}) => {
    const result = await run(t.actions[action] ?? action, (version) => casesApi.transition(detail.id, { action, version, ...extra }));
    if (result.ok) {
      if (action === 'reject') setReason('');
      close();
    } else if (result.fieldError) setFieldError(result.fieldError.detail);
    else close();
  };

  const assign = async (assigneeId: string | null, label: string) => {
    const result = await run(label, (version) => casesApi.assign(detail.id, { assigneeId, version }));
    if (result.ok || !result.fieldError) close();
    else setFieldError(result.fieldError.detail);
  };

  const onAction = (action: CaseAction) => {
    if (action === 'reject' || action === 'forward' || action === 'request_deletion') open(action);
    else void transition(action);
  };

  return (
    <section className="case-actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading" className="kern-sr-only">
        {t.caseDetail.actions}
      </h2>
      <div className="case-actions__group">
        {statusActions.map((action) => (
          <button
            key={action}
            type="button"
            className={`kern-btn ${PRIMARY.has(action) ? 'kern-btn--primary' : 'kern-btn--secondary'}`}
            disabled={busy}
            onClick={() => onAction(action)}
          >
            <span className="kern-label">{t.actions[action]}</span>
          </button>
        ))}
        {statusActions.length === 0 ? <p className="kern-body muted">{t.caseDetail.noActions}</p> : null}
      </div>
      <div className="case-actions__group">
        {allowed.has('take_over') ? (
          <button type="button" className="kern-btn kern-btn--secondary" disabled={busy} onClick={() => void assign(me.user.id, t.assign.takeOver)}>
            <span className="kern-icon kern-icon--account-circle" aria-hidden="true" />
            <span className="kern-label">{t.assign.takeOver}</span>
          </button>
        ) : null}
        {allowed.has('assign') ? (
          <button type="button" className="kern-btn kern-btn--tertiary" disabled={busy} onClick={() => open('assign')}>
            <span className="kern-label">{t.assign.assign}</span>
          </button>
        ) : null}
        {allowed.has('unassign') ? (
          <button type="button" className="kern-btn kern-btn--tertiary" disabled={busy} onClick={() => void assign(null, t.assign.unassign)}>
            <span className="kern-label">{t.assign.unassign}</span>
          </button>
        ) : null}
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => window.print()}>
          <span className="kern-label">{t.caseDetail.print}</span>
        </button>
      </div>
      {dialog === 'reject' ? (
        <RejectDialog
          reason={reason}
          onReason={(v) => {
            setReason(v);
            setFieldError(undefined);
          }}
          error={fieldError}
          busy={busy}
          onClose={close}
          onSubmit={() => (reason.trim() ? void transition('reject', { reason: reason.trim() }) : setFieldError(t.dialogs.rejectReasonRequired))}
        />
      ) : null}
      {dialog === 'forward' ? (
        <ForwardDialog
          orgUnits={lookups.orgUnits}
          currentId={detail.orgUnit.id}
          error={fieldError}
          busy={busy}
          onClose={close}
          onSubmit={(orgUnitId) => void transition('forward', { orgUnitId })}
        />
      ) : null}
      {dialog === 'request_deletion' ? <ConfirmDeletionDialog busy={busy} onClose={close} onSubmit={() => void transition('request_deletion')} /> : null}
      {dialog === 'assign' ? (
        <AssignDialog
          users={lookups.users}
          currentId={detail.assignee?.id ?? null}
          error={fieldError}
          busy={busy}
          onClose={close}
          onSubmit={(id) => void assign(id, t.assign.confirm)}
        />
      ) : null}
    </section>
  );
}
