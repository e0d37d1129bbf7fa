import { resolve } from 'node:path';
import { DEFAULT_CLAMD_TIMEOUT_MS, parseClamdAddress, type ClamdAddress } from './scanning/clamd.js';
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
  /**
   * AMTSDESK_JOBS: where the outbox worker, pollers and scheduled jobs run. 'inline' (default):
   * inside `amtsdesk start`, one process does everything (a small installation, `npm start`).
   * 'worker': only in `amtsdesk worker` processes, so web instances serve HTTP alone (decision 0028).
   */
  jobs: 'inline' | 'worker';
  /** PostgreSQL URL; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl?: string;
  /** URL for migrations (table owner); defaults to databaseUrl. */
  databaseAdminUrl?: string;
  /**
   * `start` applies pending migrations first (AMTSDESK_MIGRATE_ON_START, default on). Off where a
   * migration Job does it (Kubernetes): the instance then reports "not ready" until the schema fits.
   */
  migrateOnStart: boolean;
  dataDir: string;
  host: string;
  port: number;
  /**
   * Where `amtsdesk worker` answers /healthz, /readyz and /metrics (AMTSDESK_WORKER_PORT; unset: no
   * HTTP at all, so several workers on one machine need no ports). The Kubernetes worker sets it.
   */
  workerPort: number | null;
  publicUrl: string;
  /** Secure cookies need HTTPS; off for plain-HTTP local use. */
  secureCookies: boolean;
  sessionTtlHours: number;
  logLevel: string;
  /** How long the access log keeps its entries (months; AMTSDESK_ACCESS_LOG_MONTHS). */
  accessLogMonths: number;
  /** Where finished tenant exports wait for their download (AMTSDESK_EXPORT_DIR; shared volume with several instances). */
  exportDir: string;
  /** How often the purge worker looks for approved purge orders (seconds; AMTSDESK_PURGE_INTERVAL_SECONDS). */
  purgeIntervalSeconds: number;
  /** Lifetime of a Fachverfahren's OAuth2 access token (seconds; AMTSDESK_CLIENT_TOKEN_TTL_SECONDS). */
  clientTokenTtlSeconds: number;
  /** How often the destruction-list job proposes lists (hours; AMTSDESK_DESTRUCTION_LIST_HOURS, default daily). */
  destructionListHours: number;
  /** How often the deadline notice job runs (minutes; AMTSDESK_DEADLINE_NOTICE_MINUTES, default hourly). */
  deadlineNoticeMinutes: number;
  oidc?: OidcConfig;
  /** Applicants' sign-in to the citizen portal via a user-account service (BundID, BayernID, Servicekonto). */
  portalOidc?: OidcConfig;
  /**
   * The register gateway for register queries (issue #17, item 5; decision 0032): AMTSDESK_REGISTER_GATEWAY_URL
   * (through the SSRF guard), AMTSDESK_REGISTER_GATEWAY_TOKEN (Bearer), AMTSDESK_REGISTER_TIMEOUT_MS. Unset: queries are off.
   */
  registerGateway?: { url: string; token?: string; timeoutMs: number };
  blobStore: { kind: 'fs'; dir: string } | { kind: 's3'; bucket: string; endpoint?: string; region: string; forcePathStyle: boolean };
  maxBlobBytes: number;
  /**
   * Addresses (IPs or CIDRs) of reverse proxies whose X-Forwarded-For is believed. Empty: none, the
   * peer address is the client (a forged header changes nothing).
   */
  trustedProxies: string[];
  /** Limits kept in PostgreSQL, shared by every instance (server/src/auth/rate-limit.ts). */
  rateLimits: RateLimitConfig;
  /** Outgoing e-mail; without it e-mails go to the file sink <dataDir>/mail (development). */
  smtp?: SmtpConfig;
  /** Outbox worker tuning (defaults in server/src/outbox/worker.ts). */
  outbox?: { backoffBaseMs?: number; backoffMaxMs?: number; leaseSeconds?: number; batchSize?: number };
  /** Webhook circuit breaker (defaults in server/src/webhooks/breaker.ts; decision 0025). */
  webhooks?: { breakerFailures?: number; breakerCooldownSeconds?: number };
  /**
   * Malware scanning of uploads with ClamAV's clamd (AMTSDESK_CLAMD); off when absent. See the
   * "Malware scanning" section of docs/security.md.
   */
  malwareScan?: { address: ClamdAddress; timeoutMs: number };
  /** Signed checkpoints of the history (server/src/events/checkpoint-*.ts, docs/security.md). */
  audit: AuditConfig;
  /**
   * The work one inbox search may do (decision 0015): rows examined / matches gathered
   * (AMTSDESK_SEARCH_BUDGET_ROWS) and a statement timeout (AMTSDESK_SEARCH_TIMEOUT_MS, PostgreSQL);
   * beyond either the desk answers "bitte eingrenzen". Defaults in server/src/cases/search-budget.ts.
   */
  search?: { budgetRows?: number; timeoutMs?: number };
  /**
   * xdomea hand-over and Aussonderung (server/src/xdomea, docs/xdomea.md): the directory every
   * transfer directory of every tenant must lie under (AMTSDESK_XDOMEA_DIRECTORY_ROOT; unset: the
   * directory transport is off), the largest answer taken in (AMTSDESK_XDOMEA_MAX_ANSWER_BYTES,
   * default 20 MB) and how often answers are fetched (AMTSDESK_XDOMEA_POLL_SECONDS, default 60).
   */
  xdomea: { directoryRoot?: string; maxAnswerBytes: number; pollSeconds: number };
  /** Intake limits (defaults and AMTSDESK_INTAKE_* variables in server/src/intake/limits.ts). */
  intake?: {
    maxAttachmentBytes?: number; maxSubmissionBytes?: number; maxParts?: number;
    maxFormDataBytes?: number; maxFormDepth?: number; maxFormItems?: number;
  };
}

/** At most max hits per window of windowSeconds (fixed windows). */
export interface Limit {
  max: number;
  windowSeconds: number;
}

export interface RateLimitConfig {
  /** Staff and operator sign-in (and password change) per account. */
  loginPerAccount: Limit;
  /** Failed sign-ins per client address, across all accounts (password spraying). */
  loginPerClient: Limit;
  /** Portal sign-in link requests per e-mail address (beyond: 429). */
  portalLinkPerAddress: Limit;
  /** Portal sign-in link e-mails per address (beyond: same answer, no e-mail). */
  portalMailsPerAddress: Limit;
  /** Portal sign-in link requests and redemptions per client address. */
  portalPerClient: Limit;
  /** Intake submissions per sender token and second. */
  intakePerTokenPerSecond: number;
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

function parseJobs(value: string | undefined): AppConfig['jobs'] {
  if (value === undefined || value === '' || value === 'inline') return 'inline';
  if (value === 'worker') return 'worker';
  throw new Error(`AMTSDESK_JOBS muss „inline“ oder „worker“ sein, nicht „${value}“`);
}

function parseMode(value: string | undefined): AppConfig['mode'] {
  if (value === undefined || value === '' || value === 'development') return 'development';
  if (value === 'production') return 'production';
  throw new Error(`AMTSDESK_MODE muss „production“ oder „development“ sein, nicht „${value}“`);
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
  const mode = parseMode(env.AMTSDESK_MODE);
  return {
    mode,
    outbound: parseOutboundPolicy(env.AMTSDESK_OUTBOUND_ALLOW),
    metricsToken: env.AMTSDESK_METRICS_TOKEN || undefined,
    publicApiDocs: env.AMTSDESK_PUBLIC_API_DOCS === undefined || env.AMTSDESK_PUBLIC_API_DOCS === '' ? mode === 'development' : env.AMTSDESK_PUBLIC_API_DOCS === '1' || env.AMTSDESK_PUBLIC_API_DOCS === 'true',
    jobs: parseJobs(env.AMTSDESK_JOBS),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAdminUrl: env.DATABASE_ADMIN_URL || env.DATABASE_URL || undefined,
    migrateOnStart: !['0', 'false'].includes(env.AMTSDESK_MIGRATE_ON_START ?? ''),
    dataDir,
    host,
    port,
    workerPort: env.AMTSDESK_WORKER_PORT ? positive(env.AMTSDESK_WORKER_PORT, 3000) : null,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    sessionTtlHours: Number(env.AMTSDESK_SESSION_TTL_HOURS ?? 10),
    logLevel: env.LOG_LEVEL ?? 'info',
    accessLogMonths: positive(env.AMTSDESK_ACCESS_LOG_MONTHS, 24),
    exportDir: resolve(env.AMTSDESK_EXPORT_DIR || resolve(dataDir, 'exports')),
    purgeIntervalSeconds: positive(env.AMTSDESK_PURGE_INTERVAL_SECONDS, 60),
    clientTokenTtlSeconds: Math.min(positive(env.AMTSDESK_CLIENT_TOKEN_TTL_SECONDS, 600), 3600),
    destructionListHours: positive(env.AMTSDESK_DESTRUCTION_LIST_HOURS, 24),
    deadlineNoticeMinutes: positive(env.AMTSDESK_DEADLINE_NOTICE_MINUTES, 60),
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
    registerGateway: env.AMTSDESK_REGISTER_GATEWAY_URL
      ? { url: env.AMTSDESK_REGISTER_GATEWAY_URL, token: env.AMTSDESK_REGISTER_GATEWAY_TOKEN || undefined, timeoutMs: positive(env.AMTSDESK_REGISTER_TIMEOUT_MS, 10_000) }
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
    trustedProxies: (env.AMTSDESK_TRUSTED_PROXIES ?? '').split(',').map((p) => p.trim()).filter(Boolean),
    rateLimits: rateLimitsFrom(env),
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
    malwareScan: malwareScanConfig(env),
    xdomea: {
      directoryRoot: env.AMTSDESK_XDOMEA_DIRECTORY_ROOT ? resolve(env.AMTSDESK_XDOMEA_DIRECTORY_ROOT) : undefined,
      maxAnswerBytes: positive(env.AMTSDESK_XDOMEA_MAX_ANSWER_BYTES, 20 * 1024 * 1024),
      pollSeconds: positive(env.AMTSDESK_XDOMEA_POLL_SECONDS, 60),
    },
    search: {
      budgetRows: positiveInteger(env, 'AMTSDESK_SEARCH_BUDGET_ROWS'),
      timeoutMs: positiveInteger(env, 'AMTSDESK_SEARCH_TIMEOUT_MS'),
    },
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
    webhooks: {
      breakerFailures: positiveInteger(env, 'AMTSDESK_WEBHOOK_BREAKER_FAILURES'),
      breakerCooldownSeconds: positiveInteger(env, 'AMTSDESK_WEBHOOK_BREAKER_COOLDOWN_SECONDS'),
    },
  };
}

/** A whole number ≥ 1 from the environment, undefined when unset; anything else stops the start. */
function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a whole number of at least 1, got "${value}"`);
  return n;
}

/** AMTSDESK_CLAMD=tcp://host:port | unix:/path turns scanning on; unset, empty or "off" leaves it off. */
function malwareScanConfig(env: NodeJS.ProcessEnv): AppConfig['malwareScan'] {
  const value = env.AMTSDESK_CLAMD?.trim();
  if (!value || value === 'off') return undefined;
  const timeoutMs = Number(env.AMTSDESK_CLAMD_TIMEOUT_MS ?? DEFAULT_CLAMD_TIMEOUT_MS);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw new Error(`AMTSDESK_CLAMD_TIMEOUT_MS: expected milliseconds (at least 100), got "${env.AMTSDESK_CLAMD_TIMEOUT_MS}"`);
  return { address: parseClamdAddress(value), timeoutMs };
}

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : fallback;
};

function rateLimitsFrom(env: NodeJS.ProcessEnv): RateLimitConfig {
  const loginWindow = positive(env.AMTSDESK_LOGIN_RATE_WINDOW_SECONDS, 900);
  return {
    loginPerAccount: { max: positive(env.AMTSDESK_LOGIN_RATE_MAX, 10), windowSeconds: loginWindow },
    loginPerClient: { max: positive(env.AMTSDESK_LOGIN_CLIENT_RATE_MAX, 50), windowSeconds: loginWindow },
    portalLinkPerAddress: { max: positive(env.AMTSDESK_PORTAL_LINK_RATE_MAX, 10), windowSeconds: 3600 },
    portalMailsPerAddress: { max: positive(env.AMTSDESK_PORTAL_LINK_MAILS_PER_HOUR, 3), windowSeconds: 3600 },
    portalPerClient: { max: positive(env.AMTSDESK_PORTAL_CLIENT_RATE_MAX, 30), windowSeconds: 900 },
    intakePerTokenPerSecond: positive(env.AMTSDESK_INTAKE_RATE_PER_SECOND, 100),
  };
}
