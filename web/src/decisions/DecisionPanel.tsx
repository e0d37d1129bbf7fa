import { useEffect, useId, useState } from 'react';
import { isApiError } from '../api/client';
import type { CaseDetail } from '../api/types';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Select } from '../ui/Select';
import { decisionsApi, type CaseDecisions, type Decision } from './api';
import { DecisionSendModal } from './DecisionSendModal';
import './decisions.css';

const DRAFTABLE = ['accepted', 'in_progress', 'reopened'];

function DecisionCard({ caseId, decision, caseStatus, caseVersion, busy, act }: {
  caseId: string; decision: Decision; caseStatus: string; caseVersion: number; busy: boolean;
  act: (label: string, call: () => Promise<unknown>) => Promise<boolean>;
}) {
  const tx = t.decisions;
  const textId = useId();
  const [text, setText] = useState(decision.text ?? '');
  const [preview, setPreview] = useState(false);
  const [confirm, setConfirm] = useState(false);
  useEffect(() => setText(decision.text ?? ''), [decision.id, decision.text]);
  const can = (action: string) => decision.allowedActions.includes(action);
  const editable = can('edit');
  const dirty = editable && text !== (decision.text ?? '');
  return (
    <div className="decision-card" data-status={decision.status}>
      <p className="decision-card__meta">
        <span className={`kern-badge ${decision.status === 'sent' ? 'kern-badge--success' : 'kern-badge--info'}`}>
          <span className="kern-label kern-label--small">{tx.status[decision.status]}</span>
        </span>{' '}
        <strong>{tx.kind[decision.kind]}</strong> · {tx.source[decision.source]} · {tx.createdBy(decision.createdBy.name)}
        {decision.releasedBy ? ` · ${tx.releasedBy(decision.releasedBy.name)}` : ''}
        {decision.sentAt ? ` · ${tx.sentAt(formatDateTime(decision.sentAt))}` : ''}
      </p>
      {decision.requiresRelease && decision.status !== 'sent' ? <p className="kern-body muted">{tx.fourEyes}</p> : null}
      {decision.status === 'awaiting_release' && !can('release') ? <p className="kern-body">{tx.waitingForOther}</p> : null}
      {decision.source === 'template' && decision.status !== 'sent' ? (
        <div className="kern-form-input">
          <label className="kern-label" htmlFor={textId}>{tx.text}</label>
          <p className="kern-hint" id={`${textId}-hint`}>{tx.textHint}</p>
          <textarea
            id={textId}
            className="kern-form-input__input textarea decision-card__text"
            rows={14}
            value={text}
            readOnly={!editable}
            aria-describedby={`${textId}-hint`}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      ) : null}
      {decision.document ? (
        <p className="kern-body muted decision-card__hash">
          {tx.hash}: <code>{decision.document.sha256}</code>
        </p>
      ) : null}
      <div className="decision-card__actions">
        {editable ? (
          <button type="button" className="kern-btn kern-btn--secondary" disabled={busy || !dirty}
            onClick={() => void act(tx.done.saved, () => decisionsApi.editText(caseId, decision.id, text))}>
            <span className="kern-label">{tx.saveText}</span>
          </button>
        ) : null}
        <button type="button" className="kern-btn kern-btn--tertiary" aria-expanded={preview} onClick={() => setPreview(!preview)} disabled={dirty}>
          <span className="kern-icon kern-icon--visibility" aria-hidden="true" />
          <span className="kern-label">{tx.preview}</span>
        </button>
        {can('submit') ? (
          <button type="button" className="kern-btn kern-btn--primary" disabled={busy || dirty}
            onClick={() => void act(tx.done.submitted, () => decisionsApi.submit(caseId, decision.id))}>
            <span className="kern-label">{tx.submit}</span>
          </button>
        ) : null}
        {can('release') ? (
          <button type="button" className="kern-btn kern-btn--primary" disabled={busy}
            onClick={() => void act(tx.done.released, () => decisionsApi.release(caseId, decision.id))}>
            <span className="kern-label">{tx.release}</span>
          </button>
        ) : null}
        {can('send') ? (
          <button type="button" className="kern-btn kern-btn--primary" disabled={busy || dirty || caseStatus !== 'in_progress'} onClick={() => setConfirm(true)}>
            <span className="kern-icon kern-icon--mail" aria-hidden="true" />
            <span className="kern-label">{tx.send}</span>
          </button>
        ) : null}
      </div>
      {can('send') && caseStatus !== 'in_progress' ? <p className="kern-body muted">{tx.notInProgress}</p> : null}
      {preview ? (
        <div className="attachment__preview">
          <iframe src={decisionsApi.previewUrl(caseId, decision.id, decision.updatedAt)} title={tx.previewTitle} />
        </div>
      ) : null}
      <DecisionSendModal caseId={caseId} isOpen={confirm} onOpenChange={setConfirm} busy={busy}
        onSend={(asLetter) => void act(tx.done.sent, () => decisionsApi.send(caseId, decision.id, caseVersion, asLetter)).then(() => setConfirm(false))} />
    </div>
  );
}

/** The "Bescheid" panel of a case: template → editable draft → PDF preview → release → send. */
export function DecisionPanel({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const tx = t.decisions;
  const state = useAsync((signal) => decisionsApi.ofCase(detail.id, signal), [detail.id, detail.version]);
  const [templateId, setTemplateId] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string }>();
  const data: CaseDecisions | undefined = state.data;
  const canWrite = detail.permissions.includes('decision.write');

  const act = async (label: string, call: () => Promise<unknown>) => {
    setBusy(true);
    setNotice(undefined);
    try {
      await call();
      setNotice({ tone: 'success', text: label });
      state.reload();
      onChanged();
      return true;
    } catch (e) {
      setNotice({ tone: 'danger', text: isApiError(e) ? e.detail : t.app.unexpectedError });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const open = data?.items.filter((d) => d.status !== 'sent') ?? [];
  const sent = data?.items.filter((d) => d.status === 'sent') ?? [];
  const mayDraft = canWrite && DRAFTABLE.includes(detail.status) && open.length === 0;
  const templates = data?.templates ?? [];
  return (
    <section className="case-section decision-panel" aria-labelledby="decision-heading">
      <h2 id="decision-heading" className="kern-heading-medium">{tx.panelTitle}</h2>
      {notice ? <Alert tone={notice.tone} title={notice.text} /> : null}
      {state.error ? <Alert tone="danger" title={isApiError(state.error) ? state.error.detail : t.app.unexpectedError} /> : null}
      {!data ? <p role="status">{t.app.loading}</p> : null}
      {data && data.items.length === 0 && !mayDraft ? <p className="kern-body muted">{tx.none}</p> : null}
      {[...open, ...sent].map((d) => (
        <DecisionCard key={d.id} caseId={detail.id} decision={d} caseStatus={detail.status} caseVersion={detail.version} busy={busy} act={act} />
      ))}
      {data && mayDraft ? (
        templates.length === 0 && !data.generatorConfigured ? (
          <p className="kern-body muted">{tx.noTemplates}</p>
        ) : (
          <div className="decision-panel__new">
            {templates.length ? (
              <>
                <Select label={tx.template} value={templateId} onChange={setTemplateId}
                  options={[{ value: '', label: tx.chooseTemplate }, ...templates.map((tp) => ({ value: tp.id, label: `${tp.name} (${tx.kind[tp.kind]})` }))]} />
                <button type="button" className="kern-btn kern-btn--primary" disabled={busy || !templateId}
                  onClick={() => void act(tx.done.drafted, () => decisionsApi.fromTemplate(detail.id, templateId))}>
                  <span className="kern-label">{tx.draftFromTemplate}</span>
                </button>
              </>
            ) : null}
            {data.generatorConfigured ? (
              <button type="button" className="kern-btn kern-btn--secondary" disabled={busy}
                onClick={() => void act(tx.done.drafted, () => decisionsApi.fromGenerator(detail.id, 'approval'))}>
                <span className="kern-label">{tx.generate}</span>
              </button>
            ) : null}
          </div>
        )
      ) : null}
    </section>
  );
}
