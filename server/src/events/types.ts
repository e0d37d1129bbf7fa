/**
 * Every kind of history event the server appends to a tenant's chain, in one place. appendEvent
 * accepts only these (NewEvent.type), so a new kind of event must be added here first; the test
 * beside this file then fails until the desk has a German label for it (web/src/i18n/de.ts).
 */
export const EVENT_TYPES = [
  // cases
  'case.created',
  'case.status_changed',
  'case.assigned',
  'case.attachment_added',
  'case.applicant_remapped',
  // Fachverfahren (server/src/clients): a registered procedure takes over a case and gives it back
  'case.handed_over',
  'case.returned',
  // processors (server/src/processors): a person or the service's auto-apply took a suggestion
  'processor.suggestion_applied',
  'intake.received',
  // notes and follow-ups
  'note.added',
  'note.edited',
  'note.deleted',
  'follow_up.created',
  'follow_up.updated',
  'follow_up.done',
  'follow_up.reopened',
  // mailbox
  'message.sent',
  'message.received',
  'message.read',
  'message.retried',
  'message.posted',
  // decisions
  'decision.drafted',
  'decision.edited',
  'decision.submitted',
  'decision.released',
  'decision.sent',
  'decision_template.created',
  'decision_template.updated',
  'decision_template.deleted',
  'decision_settings.updated',
  'letterhead.updated',
  // administration
  'tenant.provisioned',
  'org_unit.created',
  'org_unit.updated',
  'service.created',
  'service.updated',
  'user.invited',
  'user.updated',
  'user.invite_accepted',
  'user.oidc_linked',
  // staff OIDC per tenant (decision 0033)
  'user.provisioned',
  'user.idp_roles_changed',
  'staff_oidc.configured',
  'staff_oidc.mapping_changed',
  'user.password_changed',
  'api_token.created',
  'api_token.revoked',
  'fachverfahren.registered',
  'fachverfahren.updated',
  'fachverfahren.secret_rotated',
  'fachverfahren.revoked',
  'service.routing_changed',
  'routing_identifier.added',
  'routing_identifier.removed',
  'applicant_mapping.updated',
  // records management
  'retention_rule.updated',
  'legal_hold.set',
  'legal_hold.released',
  // purge (records/purge): the case's records are deleted, its history payloads tombstoned
  'case.purged',
  // written once by migration 0039 (events/format.ts), never by the app
  'chain.format_migrated',
  // data-subject rights (records/subject-rights)
  'case.applicant_corrected',
  'erasure.requested',
  'erasure.confirmed',
  'erasure.withdrawn',
  'destruction_list.case_added',
  'destruction_list.case_removed',
  'destruction_list.approved',
  'destruction_list.confirmed',
  // xdomea hand-over and Aussonderung (xdomea/)
  'xdomea.handover_started',
  'xdomea.offered',
  'xdomea.transfer_started',
  'xdomea.message_sent',
  'xdomea.answered',
  // deadlines (deadlines/) and deputies (absences/)
  'deadline.paused',
  'deadline.resumed',
  'deadline.extended',
  'deadline_settings.updated',
  'absence.recorded',
  'absence.withdrawn',
  // the Antragsraum (participants/): invitations, shares, statements, and every read by a participant
  'participant.invited',
  'participant.revoked',
  'participant.item_shared',
  'participant.item_unshared',
  'participant.statement_requested',
  'participant.contributed',
  'participant.accessed',
  'service.participant_trust_level_set',
  // help between municipalities (delegation/): agreements in each party's chain, case work in the owner's
  'delegation.proposed',
  'delegation.accepted',
  'delegation.revoked',
  'delegation.case_shared',
  'delegation.case_opened',
  'delegation.share_revoked',
  // tasks inside a case (tasks/): checks and co-signatures asked of a colleague or a unit
  'task.created',
  'task.completed',
  'task.cancelled',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
