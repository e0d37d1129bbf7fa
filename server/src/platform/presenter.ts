import type { ProvisionResult } from '../tenants/provision.js';
import type { TenantSummary } from './schemas.js';

export function inviteLinkFor(publicUrl: string, inviteToken: string): string {
  // The token travels in the fragment: it never reaches server logs or proxies.
  return `${publicUrl.replace(/\/+$/, '')}/einladung#token=${inviteToken}`;
}

export function presentProvisioned(result: ProvisionResult, publicUrl: string) {
  return { tenantId: result.tenantId, slug: result.slug, inviteLink: inviteLinkFor(publicUrl, result.inviteToken) };
}

export function presentTenant(row: {
  id: string;
  slug: string;
  name: string;
  kind: string;
  ags: string;
  status: string;
  created_at: Date | string;
}): TenantSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    ags: row.ags,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
