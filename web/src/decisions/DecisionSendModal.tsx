import { useEffect, useState } from 'react';
import { RouteNotice, useMessageRoute } from '../case/RouteNotice';
import { t } from '../i18n/de';
import { Modal } from '../ui/Modal';

/** Inside the open dialog only: the route is asked when the caseworker is about to send. */
function RouteOfDecision({ caseId, asLetter, onAsLetter, onRoute }: {
  caseId: string; asLetter: boolean; onAsLetter: (v: boolean) => void; onRoute: (channel: string | null | undefined) => void;
}) {
  const route = useMessageRoute(caseId);
  const channel = route.data ? route.data.channel : undefined;
  useEffect(() => onRoute(channel), [channel, onRoute]);
  return <RouteNotice route={route.data} error={route.error} asLetter={asLetter} onAsLetter={onAsLetter} idPrefix="decision" />;
}

/**
 * The send step of a decision: shows which way the decision goes and why before it leaves; where
 * paper is the only way (or chosen), the button says so and the decision is made as a letter.
 */
export function DecisionSendModal({ caseId, isOpen, onOpenChange, busy, onSend }: {
  caseId: string; isOpen: boolean; onOpenChange: (open: boolean) => void; busy: boolean; onSend: (asLetter: boolean) => void;
}) {
  const tx = t.decisions;
  const [asLetter, setAsLetter] = useState(false);
  const [channel, setChannel] = useState<string | null | undefined>(undefined);
  const letter = channel === 'letter' || asLetter;
  return (
    <Modal title={tx.send} isOpen={isOpen} onOpenChange={onOpenChange}
      footer={
        <>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => onOpenChange(false)}>
            <span className="kern-label">{tx.cancel}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--primary" disabled={busy || channel === null || channel === undefined} onClick={() => onSend(letter)}>
            <span className="kern-label">{letter ? t.mailbox.route.asLetter : tx.send}</span>
          </button>
        </>
      }>
      <p className="kern-body">{tx.sendConfirm}</p>
      {isOpen ? <RouteOfDecision caseId={caseId} asLetter={asLetter} onAsLetter={setAsLetter} onRoute={setChannel} /> : null}
    </Modal>
  );
}
