import { performance } from 'node:perf_hooks';
import type { AppConfig } from '../config.js';
import { listTenants, provisionTenant, validateProvisionInput, type TenantKind } from '../tenants/provision.js';
import { inviteLinkFor } from '../platform/presenter.js';
import { parseOptions, requireOption } from './args.js';
import { withCliDatabase } from './context.js';
import type { Output } from './output.js';

const CLI_ACTOR = { kind: 'operator', id: null, name: 'Kommandozeile' } as const;

export async function tenantCreate(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, {
    name: { type: 'string' },
    kind: { type: 'string' },
    ags: { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-name': { type: 'string' },
    slug: { type: 'string' },
  });
  const input = {
    name: requireOption(values.name, '--name'),
    kind: requireOption(values.kind, '--kind') as TenantKind,
    ags: requireOption(values.ags, '--ags'),
    adminEmail: requireOption(values['admin-email'], '--admin-email'),
    adminName: (values['admin-name'] as string | undefined) ?? 'Administration',
    slug: values.slug as string | undefined,
  };
  validateProvisionInput(input); // bad input is refused before the database is even opened
  let elapsedMs = 0;
  const result = await withCliDatabase(config, async (db) => {
    const started = performance.now();
    const provisioned = await provisionTenant(db, input, CLI_ACTOR);
    elapsedMs = performance.now() - started;
    return provisioned;
  });
  out.log(`Kommune angelegt: ${input.name.trim()} (in ${Math.round(elapsedMs)} ms)`);
  out.log(`  Kürzel:   ${result.slug}`);
  out.log(`  Admin:    ${input.adminEmail.trim().toLowerCase()}`);
  out.log(`  Erste Anmeldung (7 Tage gültig): ${inviteLinkFor(config.publicUrl, result.inviteToken)}`);
  return 0;
}

export async function tenantList(args: string[], config: AppConfig, out: Output): Promise<number> {
  parseOptions(args, {});
  const tenants = await withCliDatabase(config, (db) => listTenants(db));
  if (tenants.length === 0) {
    out.log('Noch keine Kommunen angelegt.');
    return 0;
  }
  const width = Math.max(6, ...tenants.map((t) => t.slug.length));
  out.log(`${'KÜRZEL'.padEnd(width)}  AGS       ART           STATUS    NAME`);
  for (const t of tenants) {
    out.log(`${t.slug.padEnd(width)}  ${t.ags}  ${t.kind.padEnd(12)}  ${t.status.padEnd(8)}  ${t.name}`);
  }
  return 0;
}
