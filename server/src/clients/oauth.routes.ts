import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { issueAccessToken, OAuthError, type TokenRequest } from './token.js';

const FORM = 'application/x-www-form-urlencoded';
const FORM_LIMIT = 8 * 1024;

const TokenResponse = Type.Object({
  access_token: Type.String({ description: 'Zugriffstoken (Bearer) / access token' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Gültigkeit in Sekunden / lifetime in seconds' }),
  scope: Type.String({ description: 'Erteilte Berechtigungen, durch Leerzeichen getrennt / granted scopes' }),
});
const OAuthErrorBody = Type.Object({
  error: Type.String({ description: 'RFC 6749 §5.2: invalid_request, invalid_client, unsupported_grant_type, invalid_scope' }),
  error_description: Type.String(),
});

function basicCredentials(header: string | undefined): { id: string; secret: string } | null | 'malformed' {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  // RFC 6749 §2.3.1: both parts are form-encoded before Basic encoding.
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    return 'malformed';
  }
}

function tokenRequestOf(request: FastifyRequest): TokenRequest {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== FORM || !(request.body instanceof URLSearchParams)) {
    throw new OAuthError('invalid_request', `Die Anfrage muss als „${FORM}“ gesendet werden.`);
  }
  const form = request.body;
  for (const name of ['grant_type', 'scope', 'client_id', 'client_secret']) {
    if (form.getAll(name).length > 1) throw new OAuthError('invalid_request', `Der Parameter „${name}“ ist mehrfach angegeben.`);
  }
  const basic = basicCredentials(request.headers.authorization);
  if (basic === 'malformed') throw new OAuthError('invalid_client', 'Die HTTP-Basic-Anmeldung ist fehlerhaft.');
  if (basic && (form.has('client_id') || form.has('client_secret'))) {
    throw new OAuthError('invalid_request', 'Bitte melden Sie das Fachverfahren nur auf eine Weise an: HTTP Basic oder Formularfelder.');
  }
  return {
    grantType: form.get('grant_type') ?? undefined,
    scope: form.get('scope') ?? undefined,
    clientId: basic?.id ?? form.get('client_id') ?? undefined,
    clientSecret: basic?.secret ?? form.get('client_secret') ?? undefined,
  };
}

/** POST /api/oauth/token: OAuth2 client credentials for registered Fachverfahren (server/src/clients). */
export async function oauthRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_request, body, done) => done(null, new URLSearchParams(String(body))));

  app.post('/oauth/token', {
    config: { permission: 'public', csrf: false },
    schema: {
      tags: ['Fachverfahren'],
      summary: 'Zugriffstoken für ein Fachverfahren holen / Get an access token (OAuth2 client credentials)',
      description: 'RFC 6749 §4.4. Formular (`application/x-www-form-urlencoded`) mit `grant_type=client_credentials`, optional `scope` '
        + '(Teilmenge der erteilten Berechtigungen). Anmeldung des Fachverfahrens mit HTTP Basic (client_id:client_secret) oder den Feldern '
        + '`client_id` und `client_secret`. Fehler nach RFC 6749 §5.2 (`error`, `error_description`), nicht problem+json. '
        + '/ Form-encoded client credentials grant; errors as RFC 6749 §5.2.',
      security: [],
      response: { 200: TokenResponse, 400: OAuthErrorBody, 401: OAuthErrorBody },
    },
  }, async (request, reply) => {
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    try {
      return await issueAccessToken(deps.db, tokenRequestOf(request), deps.config.clientTokenTtlSeconds);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.error === 'invalid_client') {
        // §5.2: 401 with the scheme the client should use.
        return reply.status(401).header('www-authenticate', 'Basic realm="amtsdesk", charset="UTF-8"').send({ error: error.error, error_description: error.description });
      }
      return reply.status(400).send({ error: error.error, error_description: error.description });
    }
  });
}
