/*
 * The one table of who may do what. A permission is a named string ('case.read'); roles (people),
 * API-key scopes (machines) and operator accounts are mapped to permissions here and nowhere else.
 * Routes declare the permission they need (route-access.ts), domain policies (<domain>/policy.ts)
 * decide per object, and /api/auth/me tells the web app the viewer's permissions.
 * A later capability adds its permission here and grants it to a role, a scope or a delegation.
 */

// records: Schriftgutverwaltung (retention, legal holds, destruction lists); privacy: the
// data-protection officer. Admins do not get either automatically (separation of duties).
// teamlead: a caseworker who also records absences for others and redistributes cases (issue #18).
export const ROLES = ['admin', 'intake', 'caseworker', 'teamlead', 'reader', 'records', 'privacy'] as const;
export type Role = (typeof ROLES)[number];

/** What an API key can carry (stored with the key; the names are part of the public API). */
export const SCOPES = [
  'cases:read', // see cases, form data, attachments, history
  'cases:write', // change status, notes, follow-ups, messages, decisions
  'cases:assign', // assign / take over / unassign
  'intake:submit', // machine clients submitting applications
  'admin:manage', // users, org units, services, tokens, webhooks
  'records:manage', // legal holds, destruction lists (records management)
  'privacy:manage', // access log, data-subject requests (data-protection officer)
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Rights only a person holds, through a role: an admin (who creates API keys) must not hand
 * records management or data protection to a machine, since admins do not hold them themselves.
 */
export const PERSONAL_SCOPES: readonly Scope[] = ['records:manage', 'privacy:manage'];

/** What a registered Fachverfahren (OAuth2 client, server/src/clients) can be granted: case work only. */
export const CLIENT_SCOPES = ['cases:read', 'cases:write', 'cases:assign'] as const satisfies readonly Scope[];
export type ClientScope = (typeof CLIENT_SCOPES)[number];

export const PERMISSIONS = [
  'case.read', // cases, form data, attachments, history, notes, follow-ups, messages, decisions, statistics
  'case.transition', // change a case's status (accept, close, …)
  'case.assign', // assign, take over, unassign
  'note.write', // add notes; edit and delete own notes
  'followup.write', // add and complete follow-ups
  'task.write', // ask a colleague or a unit for a check or co-signature (tasks); completing one is the assignee's, cancelling the creator's or a case editor's
  'message.send', // messages to the applicant, letters, retries
  'decision.write', // draft, edit, submit and send decisions
  'decision.release', // release another person's decision (four eyes)
  'register.query', // query a register (residents, companies) from a case, with legal basis and purpose (people only)
  'deadline.extend', // extend a case's processing deadline (with a reason)
  'absence.manage_own', // record and withdraw one's own absences, naming a deputy
  'absence.manage_others', // record absences for others, redistribute a person's or a unit's cases (team leads)
  'participant.manage', // invite participants to a case (Antragsraum), share messages and documents with them, ask for statements
  'view.share', // share a saved inbox view with the whole municipality
  'tenant.admin', // users, org units, services, API keys, webhooks, settings, templates, retention rules
  'records.hold', // set and release legal holds
  'records.destroy', // review and approve destruction lists, read the Vernichtungsprotokoll
  'xdomea.handover', // hand a closed or decided case over to the E-Akte/DMS or another authority (xdomea 0401)
  'xdomea.archive', // offer cases to the archive, transfer them, see every xdomea process (records management)
  'accesslog.read', // read the access log (who read which personal data)
  'privacy.manage', // data-subject rights: Art. 15 reports, Art. 16 corrections, Art. 17 erasure requests
  'intake.submit', // submit applications (form systems)
  'events.read', // the event feed: ids and metadata of every catalogue event of the tenant (GET /api/events)
  'delegation.manage', // propose, accept and revoke agreements with other municipalities (Amtshilfe, delegated services)
  'delegation.share', // share a single case with a municipality under an assistance agreement
  'platform.operate', // operators: provision tenants, unrouted applications, checkpoints (no case content)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Working on cases: what caseworkers, the intake desk and admins may do with a case they can see. */
const CASE_WORK: readonly Permission[] = [
  'case.read', 'case.transition', 'case.assign', 'note.write', 'followup.write', 'task.write', 'message.send', 'decision.write', 'decision.release', 'xdomea.handover',
  'deadline.extend', 'absence.manage_own',
  'participant.manage',
  'register.query',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...CASE_WORK, 'view.share', 'tenant.admin', 'accesslog.read', 'events.read', 'absence.manage_others', 'delegation.manage', 'delegation.share'],
  intake: CASE_WORK,
  caseworker: [...CASE_WORK, 'delegation.share'],
  teamlead: [...CASE_WORK, 'absence.manage_others', 'delegation.share'],
  reader: ['case.read'],
  records: ['case.read', 'records.hold', 'records.destroy', 'xdomea.archive'],
  privacy: ['case.read', 'accesslog.read', 'privacy.manage'],
};

export const SCOPE_PERMISSIONS: Record<Scope, readonly Permission[]> = {
  // A machine that reads cases tenant-wide may follow their events (the feed holds no more than ids).
  'cases:read': ['case.read', 'events.read'],
  'cases:write': ['case.transition', 'note.write', 'followup.write', 'message.send', 'decision.write', 'decision.release', 'xdomea.handover', 'deadline.extend'],
  'cases:assign': ['case.assign'],
  'intake:submit': ['intake.submit'],
  'admin:manage': ['tenant.admin', 'view.share', 'accesslog.read'],
  'records:manage': ['records.hold', 'records.destroy', 'xdomea.archive'],
  'privacy:manage': ['accesslog.read', 'privacy.manage'],
};

/**
 * What a person of another municipality may do on the one case granted to it (decision 0031): the
 * case work the allow-listed paths serve (server/src/delegation/access.ts) — status, notes, messages,
 * decisions. Never assignment (they are not the owner's users), follow-ups, deadlines, participants,
 * registers, records or hand-over: those paths stay the caller's own and would answer 404.
 */
export const DELEGATED_PERMISSIONS: readonly Permission[] = [
  'case.read', 'case.transition', 'note.write', 'message.send', 'decision.write', 'decision.release',
];

export const OPERATOR_PERMISSIONS: readonly Permission[] = ['platform.operate'];

/** Permissions no tenant principal can hold: they belong to the people who run the platform. */
export const PLATFORM_PERMISSIONS: readonly Permission[] = ['platform.operate'];

export function permissionsOfRoles(roles: readonly string[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r as Role] ?? []));
}

export function permissionsOfScopes(scopes: readonly string[]): Set<Permission> {
  return new Set(scopes.flatMap((s) => SCOPE_PERMISSIONS[s as Scope] ?? []));
}

/** The parts of a principal (auth/principal.ts) that decide its permissions; structural, so the catalog imports nothing. */
export type PermissionHolder =
  | { kind: 'user'; roles: readonly string[]; delegation?: object }
  | { kind: 'token'; scopes: readonly string[] }
  | { kind: 'client'; scopes: readonly string[] }
  | { kind: 'operator' };

export function permissionsOf(principal: PermissionHolder): Set<Permission> {
  switch (principal.kind) {
    case 'user': {
      const held = permissionsOfRoles(principal.roles);
      return principal.delegation ? new Set(DELEGATED_PERMISSIONS.filter((p) => held.has(p))) : held;
    }
    case 'token':
      return permissionsOfScopes(principal.scopes);
    case 'client':
      // Only the case-work scopes, even if a stored row said more (the token endpoint grants no others).
      return permissionsOfScopes(principal.scopes.filter((s) => (CLIENT_SCOPES as readonly string[]).includes(s)));
    case 'operator':
      return new Set(OPERATOR_PERMISSIONS);
  }
}

/** Sorted, for answers (stable order for the web app and the tests). */
export function listed(permissions: ReadonlySet<Permission>): Permission[] {
  return PERMISSIONS.filter((p) => permissions.has(p));
}
