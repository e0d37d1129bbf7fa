import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (the in-process `oidc-provider`) standing in for a municipality's identity
 * provider or a state-wide Keycloak realm: people with e-mail, name and groups, changeable between
 * sign-ins (as an admin would change them in the provider).
 */
export interface StaffAccount { email: string; email_verified: boolean; name?: string; groups: string[] }

export interface StaffIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, StaffAccount>;
  close(): Promise<void>;
}

export async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startStaffIdp(redirectUri: string, clientId = 'amtsdesk-kommune'): Promise<StaffIdp> {
  const accounts = new Map<string, StaffAccount>();
  const server = createServer();
  const issuer = `http://127.0.0.1:${await listen(server)}`;
  const clientSecret = `geheimnis-${clientId}-nur-fuer-tests`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
    }],
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: async () => ({ sub, ...account }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['cookie-schluessel-fuer-tests'] },
  });
  server.on('request', provider.callback());
  return {
    issuer, clientId, clientSecret, accounts,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
