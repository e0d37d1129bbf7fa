import type { ClientScope } from '../auth/permissions/catalog.js';
import type { ClientRow, RoutingRow } from './repository.js';
import type { NewCasesTo } from './service.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentClient(row: ClientRow) {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    scopes: row.scopes as ClientScope[],
    serviceIds: row.service_ids,
    webhookUrl: row.webhook_url,
    createdAt: iso(row.created_at),
    secretRotatedAt: iso(row.secret_rotated_at),
    revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
  };
}

export function presentRouting(row: RoutingRow) {
  return { serviceId: row.id, serviceName: row.name, newCasesTo: row.new_cases_to as NewCasesTo, clientId: row.new_cases_client_id };
}
