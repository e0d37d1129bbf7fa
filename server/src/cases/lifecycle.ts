import { AppError } from '../shared/errors.js';

export const CASE_STATUSES = [
  'new', 'accepted', 'in_progress', 'decided', 'closed', 'rejected', 'forwarded', 'reopened', 'deletion_requested',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'Neu',
  accepted: 'Angenommen',
  in_progress: 'In Bearbeitung',
  decided: 'Beschieden',
  closed: 'Abgeschlossen',
  rejected: 'Abgelehnt',
  forwarded: 'Weitergeleitet',
  reopened: 'Wiedereröffnet',
  deletion_requested: 'Löschung beantragt',
};

export const TRANSITION_ACTIONS = ['accept', 'reject', 'start', 'decide', 'close', 'reopen', 'forward', 'request_deletion'] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export const ACTION_LABELS: Record<TransitionAction, string> = {
  accept: 'Annehmen',
  reject: 'Ablehnen',
  start: 'Bearbeitung beginnen',
  decide: 'Bescheiden',
  close: 'Abschließen',
  reopen: 'Wiedereröffnen',
  forward: 'Weiterleiten',
  request_deletion: 'Löschung beantragen',
};

interface TransitionRule {
  from: readonly CaseStatus[];
  to: CaseStatus;
  requires?: 'reason' | 'orgUnitId';
}

/** The status lifecycle as data: which action leads from which statuses to which status. */
export const TRANSITIONS: Record<TransitionAction, TransitionRule> = {
  accept: { from: ['new', 'forwarded'], to: 'accepted' },
  reject: { from: ['new', 'forwarded'], to: 'rejected', requires: 'reason' },
  start: { from: ['accepted', 'reopened'], to: 'in_progress' },
  decide: { from: ['in_progress'], to: 'decided' },
  close: { from: ['decided', 'rejected'], to: 'closed' },
  reopen: { from: ['closed'], to: 'reopened' },
  forward: { from: ['new', 'accepted', 'in_progress', 'reopened'], to: 'forwarded', requires: 'orgUnitId' },
  request_deletion: { from: ['closed', 'rejected'], to: 'deletion_requested' },
};

/** Assignment is possible while a case is still being worked on (decided: e.g. to send the decision). */
export const ASSIGNABLE_STATUSES: readonly CaseStatus[] = ['new', 'accepted', 'in_progress', 'decided', 'forwarded', 'reopened', 'rejected'];

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

export function statusLabel(status: string): string {
  return isCaseStatus(status) ? STATUS_LABELS[status] : status;
}

/** The target status of an action, or invalid_transition naming the current status and the action. */
export function nextStatus(status: string, action: TransitionAction): CaseStatus {
  const rule = TRANSITIONS[action];
  if (!(rule.from as readonly string[]).includes(status)) {
    const allowedFrom = rule.from.map((s) => `„${STATUS_LABELS[s]}“`).join(', ');
    throw new AppError('invalid_transition', {
      field: 'action',
      detail: `Die Aktion „${ACTION_LABELS[action]}“ ist im Status „${statusLabel(status)}“ nicht möglich `
        + `(nur im Status ${allowedFrom}).`,
      extra: { currentStatus: status, action },
    });
  }
  return rule.to;
}

export function assertAssignable(status: string): void {
  if (!(ASSIGNABLE_STATUSES as readonly string[]).includes(status)) {
    throw new AppError('invalid_transition', {
      field: 'assigneeId',
      detail: `Ein Vorgang im Status „${statusLabel(status)}“ kann nicht mehr zugewiesen werden.`,
      extra: { currentStatus: status, action: 'assign' },
    });
  }
}
