import type pg from 'pg';
import { uuidv7 } from '../../server/src/shared/ids.js';
import type { TenantFixture } from './generate.js';

/*
 * Deadlines, help between municipalities and deputies (issue 18) in the bench data, so the desk is
 * measured with them present. Everything here is either a handful of rows written before the load
 * (agreements, absences, settings) or columns and grant rows written by the set-based case insert
 * itself (generate.ts): no UPDATE over the cases afterwards (at 5,000,000 cases that costs minutes).
 */

/** Processing time per service of vocabulary.ts's SERVICES (null: none), and the Genehmigungsfiktion mark. */
export const SERVICE_DEADLINES: Array<{ days: number | null; kind: 'statutory' | 'target'; deemed?: true }> = [
  { days: 20, kind: 'target' }, { days: 5, kind: 'statutory' }, { days: 10, kind: 'target' }, { days: 20, kind: 'target' },
  { days: 30, kind: 'statutory', deemed: true }, { days: null, kind: 'target' }, { days: 30, kind: 'statutory' }, { days: 60, kind: 'target' },
  { days: 20, kind: 'target' }, { days: 10, kind: 'statutory' }, { days: 15, kind: 'target' }, { days: null, kind: 'target' },
];
/** Fischereischein: handled for the measured tenant (and for tenant 3) by tenant 2's Ordnungsamt. */
export const DELEGATED_SERVICE = 10;
export const HELPER_UNIT = 1;
/** Since when the service agreement routes new cases (cases received before stay with the owner). */
const SERVICE_AGREEMENT_DAYS = 180;
/** Share of the measured tenant's running cases of the last year shared singly (Amtshilfe). */
const ASSISTANCE_SHARE = 0.005;

/** How the case insert writes the grants of one owning tenant (generate.ts). */
export interface GrantRule {
  agreementId: string;
  granteeTenantId: string;
  granteeOrgUnitId: string;
  validFrom: Date;
  /** kind 'service': every case of this service received since validFrom. */
  serviceId?: string;
  /** kind 'assistance': this share of the running cases received since validFrom, not of a delegated service. */
  share?: number;
}

export interface Sharing {
  /** Owner tenant id → its grant rules. */
  rules: Map<string, GrantRule[]>;
  /** The caseworker of B (tenant 2) scoped to the org unit the grants go to. */
  helper: { tenant: TenantFixture; userId: string; orgUnitId: string };
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86400_000);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Deadline settings, accepted agreements (A→B service and assistance, C→B service), B's scoped caseworker, absences in A. */
export async function seedSharing(admin: pg.Pool, main: TenantFixture, helperTenant: TenantFixture, other: TenantFixture): Promise<Sharing> {
  const client = await admin.connect();
  try {
    await client.query('begin');
    // The agreements' state machine (0057) admits only proposals from the proposer's context; the seed writes accepted ones directly.
    await client.query('set local session_replication_role = replica');
    for (const f of [main, helperTenant, other]) {
      await client.query(`insert into deadline_settings (tenant_id, holiday_state, updated_by_name) values ($1, 'SH', 'Bench')`, [f.tenantId]);
    }
    const unit = helperTenant.orgUnitIds[HELPER_UNIT]!;
    const rules = new Map<string, GrantRule[]>();
    const agree = async (owner: TenantFixture, kind: 'service' | 'assistance', validFrom: Date, rule: Partial<GrantRule>) => {
      const id = uuidv7();
      const service = kind === 'service' ? owner.services[DELEGATED_SERVICE]! : undefined;
      await client.query(`insert into delegation_agreements (id, proposer_tenant_id, acceptor_tenant_id, kind, service_id, service_name,
          acceptor_org_unit_id, acceptor_org_unit_name, valid_from, status, proposed_by_name, proposed_at, accepted_by_name, accepted_at)
        values ($1, $2, $3, $4, $5, $6, $7, 'Ordnungsamt', $8, 'accepted', 'Bench', $9, 'Bench', $9)`,
      [id, owner.tenantId, helperTenant.tenantId, kind, service?.id ?? null, service?.name ?? null, unit, day(validFrom), validFrom]);
      const list = rules.get(owner.tenantId) ?? [];
      list.push({ agreementId: id, granteeTenantId: helperTenant.tenantId, granteeOrgUnitId: unit, validFrom, serviceId: service?.id, ...rule });
      rules.set(owner.tenantId, list);
    };
    await agree(main, 'service', daysAgo(SERVICE_AGREEMENT_DAYS), {});
    await agree(main, 'assistance', daysAgo(365), { share: ASSISTANCE_SHARE });
    await agree(other, 'service', daysAgo(SERVICE_AGREEMENT_DAYS), {});
    const helperId = helperTenant.userIds[0]!;
    await client.query('update users set org_unit_ids = $1 where id = $2', [[unit], helperId]);
    // Deputies in A: the bench's caseworker stands in for one colleague today (so the measured inbox
    // includes the deputy's coverage), another pair today, one absence past and one to come.
    const u = main.userIds;
    const absences: Array<[user: string, deputy: string, from: number, to: number]> = [
      [u[3]!, u[0]!, -3, 7], [u[8]!, u[5]!, -1, 12], [u[2]!, u[1]!, -60, -50], [u[4]!, u[6]!, 20, 30],
    ];
    for (const [user, deputy, from, to] of absences) {
      await client.query(`insert into absences (id, tenant_id, user_id, deputy_id, starts_on, ends_on, created_by_name)
        values ($1, $2, $3, $4, $5, $6, 'Bench')`, [uuidv7(), main.tenantId, user, deputy, day(daysAgo(-from)), day(daysAgo(-to))]);
    }
    await client.query('commit');
    return { rules, helper: { tenant: helperTenant, userId: helperId, orgUnitId: unit } };
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

/**
 * The case insert of generate.ts as a data-modifying CTE that also writes the grants of the new
 * cases, as the routing trigger (0057) and the share action would have: one pass, no later UPDATE.
 */
export function withGrants(tenantId: string, insertSql: string, rules: GrantRule[] | undefined, running: readonly string[]): string {
  if (!rules?.length) return insertSql;
  const delegated = rules.flatMap((r) => (r.serviceId ? [`'${r.serviceId}'::uuid`] : []));
  const running_ = running.map((s) => `'${s}'`).join(',');
  const selects = rules.map((r) => {
    const condition = r.serviceId
      ? `ins.service_id = '${r.serviceId}'::uuid`
      : `ins.status IN (${running_}) AND random() < ${r.share ?? 0}${delegated.length ? ` AND ins.service_id NOT IN (${delegated.join(',')})` : ''}`;
    const grantedAt = r.serviceId ? 'ins.received_at' : `least(now(), ins.received_at + interval '2 days')`;
    return `SELECT gen_random_uuid(), '${tenantId}'::uuid, ins.id, '${r.agreementId}'::uuid, '${r.granteeTenantId}'::uuid, '${r.granteeOrgUnitId}'::uuid,
      ${r.serviceId ? `'Eingang (Vereinbarung)'` : `'Bench'`}, ${grantedAt}
    FROM ins WHERE ins.received_at >= '${r.validFrom.toISOString()}'::timestamptz AND ${condition}`;
  });
  return `WITH ins AS (${insertSql}
RETURNING id, service_id, status, received_at)
INSERT INTO case_grants (id, tenant_id, case_id, agreement_id, grantee_tenant_id, grantee_org_unit_id, granted_by_name, granted_at)
${selects.join('\nUNION ALL\n')}`;
}
