import { resolve } from 'node:path';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
}

export interface AppConfig {
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
  /** Signed checkpoints of the history (server/src/events/checkpoint-*.ts, docs/security.md). */
  audit: AuditConfig;
  /** Intake limits (defaults and AMTSDESK_INTAKE_* variables in server/src/intake/limits.ts). */
  intake?: {
    maxAttachmentBytes?: number; maxSubmissionBytes?: number; maxParts?: number;
    maxFormDataBytes?: number; maxFormDepth?: number; maxFormItems?: number;
  };
}

export interface AuditConfig {
  /** Ed25519 private key (PKCS#8 PEM); generated there if missing. Default: <dataDir>/audit-signing-key.pem, embedded database only. */
  keyFile?: string;
  /** Public key (SPKI PEM) that `audit verify` checks signatures with; default: derived from keyFile. */
  publicKeyFile?: string;
  /** Minutes between periodic checkpoints in the server; 0 turns them off. */
  checkpointIntervalMinutes: number;
  /** Append-only JSON Lines file every checkpoint is appended to. */
  publishFile?: string;
  /** URL every checkpoint is POSTed to (installation setting). */
  publishUrl?: string;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

const numberOrUndefined = (value: string | undefined) => (value ? Number(value) : undefined);

/** Whole minutes ≥ 0 (0 = off); anything else falls back to hourly. */
function checkpointInterval(value: string | undefined): number {
  const minutes = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(minutes) && minutes >= 0 ? minutes : 60;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = resolve(env.AMTSDESK_DATA_DIR ?? '.data');
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = env.AMTSDESK_PUBLIC_URL ?? `http://localhost:${port}`;
  return {
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
    audit: {
      keyFile: env.AMTSDESK_AUDIT_KEY_FILE ? resolve(env.AMTSDESK_AUDIT_KEY_FILE) : undefined,
      publicKeyFile: env.AMTSDESK_AUDIT_PUBLIC_KEY_FILE ? resolve(env.AMTSDESK_AUDIT_PUBLIC_KEY_FILE) : undefined,
      checkpointIntervalMinutes: checkpointInterval(env.AMTSDESK_AUDIT_CHECKPOINT_INTERVAL_MINUTES),
      publishFile: env.AMTSDESK_AUDIT_PUBLISH_FILE ? resolve(env.AMTSDESK_AUDIT_PUBLISH_FILE) : undefined,
      publishUrl: env.AMTSDESK_AUDIT_PUBLISH_URL || undefined,
    },
    outbox: {
      backoffBaseMs: numberOrUndefined(env.OUTBOX_BACKOFF_BASE_MS),
      backoffMaxMs: numberOrUndefined(env.OUTBOX_BACKOFF_MAX_MS),
      leaseSeconds: numberOrUndefined(env.OUTBOX_LEASE_SECONDS),
      batchSize: numberOrUndefined(env.OUTBOX_BATCH_SIZE),
    },
  };
}
