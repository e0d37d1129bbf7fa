import { resolve } from 'node:path';
import { parseOutboundPolicy, type OutboundPolicy } from './shared/outbound/index.js';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
}

export interface AppConfig {
  /**
   * AMTSDESK_MODE: 'production' closes what a demo leaves open (/metrics needs a token, the API
   * documentation is off unless published). Default 'development', so `npm start` stays a demo.
   */
  mode: 'production' | 'development';
  /** Where configured outbound URLs may point (AMTSDESK_OUTBOUND_ALLOW; default: nothing internal). */
  outbound: OutboundPolicy;
  /** Bearer token for /metrics (AMTSDESK_METRICS_TOKEN). Without one /metrics is public in development and off in production. */
  metricsToken?: string;
  /** Serve /api/docs and /api/openapi.json (AMTSDESK_PUBLIC_API_DOCS; default: on in development, off in production). */
  publicApiDocs: boolean;
  /** PostgreSQL URL; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl?: string;
  /** URL for migrations (table owner); defaults to databaseUrl. */
  databaseAdminUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  publicUrl: string;
  /** Secure cookies need HTTPS; off for plain-HTTP local use. */
  secureCookies: boolean;
  sessionTtlHours: number;
  logLevel: string;
  oidc?: OidcConfig;
  /** Applicants' sign-in to the citizen portal via a user-account service (BundID, BayernID, Servicekonto). */
  portalOidc?: OidcConfig;
  blobStore: { kind: 'fs'; dir: string } | { kind: 's3'; bucket: string; endpoint?: string; region: string; forcePathStyle: boolean };
  maxBlobBytes: number;
  loginRateLimit: { max: number; timeWindowMs: number };
  /** Outgoing e-mail; without it e-mails go to the file sink <dataDir>/mail (development). */
  smtp?: SmtpConfig;
  /** Outbox worker tuning (defaults in server/src/outbox/worker.ts). */
  outbox?: { backoffBaseMs?: number; backoffMaxMs?: number; leaseSeconds?: number; batchSize?: number };
  /** Intake limits (defaults and AMTSDESK_INTAKE_* variables in server/src/intake/limits.ts). */
  intake?: {
    maxAttachmentBytes?: number; maxSubmissionBytes?: number; maxParts?: number;
    maxFormDataBytes?: number; maxFormDepth?: number; maxFormItems?: number;
  };
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

function parseMode(value: string | undefined): AppConfig['mode'] {
  if (value === undefined || value === '' || value === 'development') return 'development';
  if (value === 'production') return 'production';
  throw new Error(`AMTSDESK_MODE muss „production“ oder „development“ sein, nicht „${value}“`);
}

const numberOrUndefined = (value: string | undefined) => (value ? Number(value) : undefined);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = resolve(env.AMTSDESK_DATA_DIR ?? '.data');
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = env.AMTSDESK_PUBLIC_URL ?? `http://localhost:${port}`;
  const mode = parseMode(env.AMTSDESK_MODE);
  return {
    mode,
    outbound: parseOutboundPolicy(env.AMTSDESK_OUTBOUND_ALLOW),
    metricsToken: env.AMTSDESK_METRICS_TOKEN || undefined,
    publicApiDocs: env.AMTSDESK_PUBLIC_API_DOCS === undefined || env.AMTSDESK_PUBLIC_API_DOCS === '' ? mode === 'development' : env.AMTSDESK_PUBLIC_API_DOCS === '1' || env.AMTSDESK_PUBLIC_API_DOCS === 'true',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAdminUrl: env.DATABASE_ADMIN_URL || env.DATABASE_URL || undefined,
    dataDir,
    host,
    port,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    sessionTtlHours: Number(env.AMTSDESK_SESSION_TTL_HOURS ?? 10),
    logLevel: env.LOG_LEVEL ?? 'info',
    oidc: env.OIDC_ISSUER
      ? {
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID ?? 'amtsdesk',
          clientSecret: env.OIDC_CLIENT_SECRET,
          redirectUri: env.OIDC_REDIRECT_URI ?? `${publicUrl}/api/auth/oidc/callback`,
        }
      : undefined,
    portalOidc: env.OIDC_PORTAL_ISSUER
      ? {
          issuer: env.OIDC_PORTAL_ISSUER,
          clientId: env.OIDC_PORTAL_CLIENT_ID ?? 'amtsdesk-portal',
          clientSecret: env.OIDC_PORTAL_CLIENT_SECRET,
          redirectUri: env.OIDC_PORTAL_REDIRECT_URI ?? `${publicUrl}/api/portal/oidc/callback`,
        }
      : undefined,
    blobStore: env.S3_BUCKET
      ? {
          kind: 's3',
          bucket: env.S3_BUCKET,
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION ?? 'eu-central-1',
          forcePathStyle: env.S3_FORCE_PATH_STYLE !== 'false',
        }
      : { kind: 'fs', dir: resolve(dataDir, 'blobs') },
    maxBlobBytes: Number(env.AMTSDESK_MAX_BLOB_BYTES ?? 50 * 1024 * 1024),
    loginRateLimit: { max: Number(env.AMTSDESK_LOGIN_RATE_MAX ?? 10), timeWindowMs: 60_000 },
    smtp: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: Number(env.SMTP_PORT ?? 587),
          secure: env.SMTP_SECURE === 'true' || env.SMTP_PORT === '465',
          user: env.SMTP_USER || undefined,
          pass: env.SMTP_PASS || undefined,
          from: env.SMTP_FROM ?? 'Amtsdesk <no-reply@localhost>',
        }
      : undefined,
    outbox: {
      backoffBaseMs: numberOrUndefined(env.OUTBOX_BACKOFF_BASE_MS),
      backoffMaxMs: numberOrUndefined(env.OUTBOX_BACKOFF_MAX_MS),
      leaseSeconds: numberOrUndefined(env.OUTBOX_LEASE_SECONDS),
      batchSize: numberOrUndefined(env.OUTBOX_BATCH_SIZE),
    },
  };
}
