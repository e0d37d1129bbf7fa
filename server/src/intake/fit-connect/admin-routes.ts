import { Type } from '@sinclair/typebox';
import { importJWK } from 'jose';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { requireTenantPrincipal } from '../../auth/principal.js';
import { withTenant } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { assertOutboundUrl } from '../../shared/outbound/index.js';
import { connectFitDestination } from './destinations.js';

const Destination = Type.Object({
  id: Type.String(), destinationId: Type.String(), submissionApiUrl: Type.String(), active: Type.Boolean(),
  // The sign-in at the Zustelldienst; the client secret goes in, never out.
  tokenUrl: Type.Union([Type.String(), Type.Null()]), clientId: Type.Union([Type.String(), Type.Null()]),
});
const OAuth = Type.Object({
  tokenUrl: Type.String({ pattern: '^https?://', maxLength: 500, description: 'Token-Endpunkt des FIT-Connect-Autorisierungsdienstes (OAuth2 Client Credentials)' }),
  clientId: Type.String({ minLength: 1, maxLength: 200 }),
  clientSecret: Type.String({ minLength: 1, maxLength: 500 }),
  scope: Type.Optional(Type.String({ maxLength: 1000, description: 'Leerzeichengetrennte Scopes, z. B. „subscribe:destination:<Zustellpunkt-ID>“' })),
}, { additionalProperties: false });

/** A tenant admin connects the tenant's FIT-Connect destination. The private key goes in, never out. */
export async function fitConnectAdminRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get('/admin/fit-connect/destinations', { config: { permission: 'tenant.admin' }, schema: { tags: ['Verwaltung'], summary: 'FIT-Connect-Zustellpunkte der Kommune', response: { 200: Type.Object({ items: Type.Array(Destination) }) } } }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    const rows = await withTenant(deps.db, { tenantId: principal.tenantId }, (trx) =>
      trx.selectFrom('fit_connect_destinations').select(['id', 'destination_id', 'submission_api_url', 'active', 'token_url', 'client_id']).where('tenant_id', '=', principal.tenantId).orderBy('created_at').execute(),
    );
    return { items: rows.map((r) => ({ id: r.id, destinationId: r.destination_id, submissionApiUrl: r.submission_api_url, active: r.active, tokenUrl: r.token_url, clientId: r.client_id })) };
  });

  app.post(
    '/admin/fit-connect/destinations',
    { config: { permission: 'tenant.admin' },
      schema: {
        tags: ['Verwaltung'],
        summary: 'FIT-Connect-Zustellpunkt anbinden (privater Entschlüsselungsschlüssel als JWK, RSA-OAEP-256, passend zum von der Submission-API veröffentlichten Schlüssel; optional Signaturschlüssel, PS512)',
        body: Type.Object(
          {
            destinationId: Type.String({ format: 'uuid' }),
            submissionApiUrl: Type.String({ pattern: '^https?://', maxLength: 500 }),
            privateJwk: Type.Record(Type.String(), Type.Unknown()),
            signingJwk: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Privater Signaturschlüssel (JWK, PS512, mit kid) für Annahme und Zurückweisung von Einreichungen' })),
            oauth: Type.Optional(OAuth),
          },
          { additionalProperties: false },
        ),
        response: { 201: Destination },
      },
    },
    async (request, reply) => {
      const principal = requireTenantPrincipal(request.principal);
      assertOutboundUrl(request.body.submissionApiUrl, deps.config.outbound, { field: 'submissionApiUrl', label: 'Die Adresse der FIT-Connect-Submission-API' });
      if (request.body.oauth) assertOutboundUrl(request.body.oauth.tokenUrl, deps.config.outbound, { field: 'oauth.tokenUrl', label: 'Der Token-Endpunkt' });
      const jwk = request.body.privateJwk;
      const usable = jwk.kty === 'RSA' && typeof jwk.d === 'string' && (await importJWK(jwk as never, 'RSA-OAEP-256').then(() => true, () => false));
      if (!usable) throw new AppError('validation_failed', { field: 'privateJwk', detail: 'Der Schlüssel muss ein privater RSA-Schlüssel (JWK) für RSA-OAEP-256 sein.' });
      const signing = request.body.signingJwk;
      const signingUsable = !signing || (signing.kty === 'RSA' && typeof signing.d === 'string' && typeof signing.kid === 'string' && (await importJWK(signing as never, 'PS512').then(() => true, () => false)));
      if (!signingUsable) throw new AppError('validation_failed', { field: 'signingJwk', detail: 'Der Signaturschlüssel muss ein privater RSA-Schlüssel (JWK) für PS512 mit „kid“ sein.' });
      const id = await connectFitDestination(deps.db, principal.tenantId, request.body, deps.config.outbound);
      return reply.status(201).send({ id, destinationId: request.body.destinationId, submissionApiUrl: request.body.submissionApiUrl.replace(/\/$/, ''), active: true, tokenUrl: request.body.oauth?.tokenUrl ?? null, clientId: request.body.oauth?.clientId ?? null });
    },
  );
}
