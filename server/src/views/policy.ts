import { AppError } from '../shared/errors.js';

/*
 * The saved-view policy: a view belongs to the person who saved it. Shared views are visible to the
 * whole municipality but stay their owner's to change; sharing needs view.share (administration).
 */

export interface ViewUser {
  tenantId: string;
  userId: string;
  mayShare: boolean;
}

interface ViewFacts {
  id: string;
  owner_id: string;
  shared: boolean;
}

const viewNotFound = (id: string) => new AppError('not_found', { detail: `Die Ansicht „${id}“ wurde nicht gefunden.` });
const ownerOnly = () => new AppError('forbidden', { detail: 'Nur wer die Ansicht angelegt hat, kann sie ändern oder löschen.' });
const sharingRefused = () =>
  new AppError('forbidden', { field: 'shared', detail: 'Nur die Administration kann Ansichten für alle in der Kommune freigeben.' });

export function canSeeView(user: ViewUser, view: ViewFacts): boolean {
  return view.owner_id === user.userId || view.shared;
}

/** The view if the user may change it: someone else's private view is 404, someone else's shared one 403. */
export function requireOwnView<V extends ViewFacts>(user: ViewUser, view: V | undefined, viewId: string): V {
  if (!view || !canSeeView(user, view)) throw viewNotFound(viewId);
  if (view.owner_id !== user.userId) throw ownerOnly();
  return view;
}

/** Sharing, or taking a view back from the others, needs view.share. */
export function requireSharing(user: ViewUser, sharedBefore: boolean, sharedAfter: boolean | undefined): void {
  if (sharedAfter !== undefined && sharedAfter !== sharedBefore && !user.mayShare) throw sharingRefused();
}
