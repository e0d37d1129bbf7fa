import { AppError } from '../shared/errors.js';
import type { Viewer } from '../cases/viewer.js';

/*
 * The decision policy: four eyes. Whoever drafted, edited or submitted a decision that needs a
 * release cannot release it; a release needs a person (an API key is no second pair of eyes).
 */

interface DecisionFacts {
  status: string;
  source: string;
  requires_release: boolean;
  created_by: string | null;
  last_edited_by: string | null;
  submitted_by: string | null;
}

const authorsOf = (d: DecisionFacts) => [d.created_by, d.last_edited_by, d.submitted_by];

/** Why this viewer may not release this decision, or null when they may. */
function releaseRefusal(viewer: Viewer, decision: DecisionFacts): string | null {
  if (!viewer.permissions.has('decision.release')) return 'Sie dürfen Bescheide nicht freigeben.';
  if (!decision.requires_release) return null;
  if (!viewer.userId) return 'Die Freigabe eines Bescheids muss eine angemeldete Person erteilen.';
  if (authorsOf(decision).includes(viewer.userId)) {
    return 'Vier-Augen-Prinzip: Diesen Bescheid muss eine andere Person freigeben als die, die ihn entworfen, bearbeitet oder vorgelegt hat.';
  }
  return null;
}

export function requireReleaser(viewer: Viewer, decision: DecisionFacts): void {
  const refusal = releaseRefusal(viewer, decision);
  if (refusal) throw new AppError('forbidden', { detail: refusal });
}

/** Next steps for this person; the author of a four-eyes decision never sees "release". */
export function decisionActions(viewer: Viewer, decision: DecisionFacts): string[] {
  if (!viewer.permissions.has('decision.write')) return ['preview'];
  const actions = ['preview'];
  if (decision.status === 'draft') {
    if (decision.source === 'template') actions.push('edit');
    actions.push(decision.requires_release ? 'submit' : 'send');
  }
  if (decision.status === 'awaiting_release' && decision.requires_release && releaseRefusal(viewer, decision) === null) actions.push('release');
  if (decision.status === 'released') actions.push('send');
  return actions;
}
