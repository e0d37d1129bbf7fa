import { useState } from 'react';
import { isApiError } from '../api/client';
import type { CaseDetail } from '../api/types';
import { useAsync } from '../app/useAsync';
import { may, useMe } from '../auth/session';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { HandoverDialog } from './HandoverDialog';
import { ProcessMessages } from './ProcessMessages';
import { xdomeaApi, type CaseProcess, type HandoverTargets } from './xdomeaApi';
import './xdomea.css';

const x = t.xdomea;
/** A case may leave once its work is done (the server refuses the rest with xdomea_case_open). */
const DONE_STATUSES = ['decided', 'closed', 'rejected'];
const WAITING = ['pending', 'sent', 'received'];

/** Why the hand-over button is disabled, or undefined when it may be used. */
function whyNot(detail: CaseDetail, processes: CaseProcess[], targets: HandoverTargets | undefined): string | undefined {
  if (detail.readOnlySince) return x.whyDisabled.readOnly;
  if (!DONE_STATUSES.includes(detail.status)) return x.whyDisabled.open;
  if (processes.some((p) => p.kind === 'handover' && p.cases.some((c) => WAITING.includes(c.state)))) return x.whyDisabled.pending;
  if (targets && !targets.ready) return x.whyDisabled.notReady;
  if (targets && !targets.items.length) return x.whyDisabled.noTargets;
  return undefined;
}

function ProcessItem({ process }: { process: CaseProcess }) {
  const own = process.cases[0];
  return (
    <li className="panel-item xdomea-process">
      <p className="kern-body"><strong>{x.processTitle(process.target.name, process.kind)}</strong>{process.lead ? ` · ${x.leadYes}` : ''}</p>
      <p className="panel-item__meta">{x.processId}: <code>{process.processId}</code> · {x.startedBy(process.startedBy, formatDateTime(process.createdAt))}</p>
      {own ? (
        <dl className="kern-description-list">
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t.xdomea.processes.caseCols[1]}</dt>
            <dd className="kern-description-list-item__value" data-testid="xdomea-case-state">{x.caseState[own.state] ?? own.state}</dd>
          </div>
          {own.reference ? (
            <div className="kern-description-list-item">
              <dt className="kern-description-list-item__key">{x.reference}</dt>
              <dd className="kern-description-list-item__value">{own.reference}</dd>
            </div>
          ) : null}
          {own.reason ? (
            <div className="kern-description-list-item">
              <dt className="kern-description-list-item__key">{x.reason}</dt>
              <dd className="kern-description-list-item__value">{own.reason}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {process.lastError ? <Alert tone="warning" title={`${x.lastError}: ${process.lastError}`} /> : null}
      <ProcessMessages messages={process.messages} caption={`${x.messages} (${x.processId} ${process.processId})`} />
    </li>
  );
}

/** The case's hand-overs per xdomea and the action to start one (caseworkers with xdomea.handover). */
export function CaseHandoverPanel({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const me = useMe();
  const canHandOver = may(me, 'xdomea.handover');
  const processes = useAsync((signal) => xdomeaApi.ofCase(detail.id, signal).then((r) => r.items), [detail.id, detail.version]);
  const targets = useAsync((signal) => (canHandOver ? xdomeaApi.handoverTargets(signal) : Promise.resolve(undefined)), [canHandOver]);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string>();
  const items = processes.data ?? [];
  const reason = whyNot(detail, items, targets.data ?? undefined);
  const reasonId = `xdomea-why-${detail.id}`;

  return (
    <section className="case-section" aria-labelledby="xdomea-panel-heading">
      <h2 id="xdomea-panel-heading" className="kern-heading-medium panel-heading">{x.panelTitle}</h2>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {processes.error ? <Alert tone="danger" title={isApiError(processes.error) ? processes.error.detail : t.app.unexpectedError} /> : null}
      {canHandOver ? (
        <div className="xdomea-action">
          <p className="kern-body muted">{x.intro}</p>
          <button type="button" className="kern-btn kern-btn--secondary" disabled={Boolean(reason) || !targets.data}
            aria-describedby={reason ? reasonId : undefined} onClick={() => { setNotice(undefined); setOpen(true); }}>
            <span className="kern-label">{x.handOver}</span>
          </button>
          {reason ? <p id={reasonId} className="kern-body muted">{reason}</p> : null}
        </div>
      ) : null}
      {processes.data && !items.length ? <p className="kern-body muted">{x.none}</p> : null}
      {items.length ? <ul className="panel-list">{items.map((p) => <ProcessItem key={p.id} process={p} />)}</ul> : null}
      {open && targets.data ? (
        <HandoverDialog caseId={detail.id} targets={targets.data.items} onClose={() => setOpen(false)}
          onStarted={(processId) => { setOpen(false); setNotice(x.started(processId)); processes.reload(); onChanged(); }} />
      ) : null}
    </section>
  );
}
