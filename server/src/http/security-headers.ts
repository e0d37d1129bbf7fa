import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config.js';

/**
 * The web app: scripts and styles only from our own files (Vite emits no inline script), no
 * plugins, no framing by anyone. Style attributes stay allowed: React and KERN set them. Frames
 * show only our own decision preview ('self') and sniff-checked PDFs as blob: URLs.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** API answers (JSON, problem+json, metrics …) are data, never a document: nothing may load or run. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Swagger UI under /api/docs: its own bundled scripts and the OpenAPI document, nothing else. */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Two years, as the HSTS preload list asks; only sent when the installation is reached over https. */
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * The headers every response carries, whatever answers it: a route, the static web app, the error
 * handler, the 404 handler or a hijacked stream. They are set on the raw response before any route
 * runs; a route that needs a different value (the web app's CSP, a file download, our own PDF
 * preview) sets its own with reply.header, which Node gives precedence over these.
 */
export function baseSecurityHeaders(config: Pick<AppConfig, 'publicUrl'>, url: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': /^\/api\/docs(\/|$|\?)/.test(url) ? DOCS_CSP : API_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Same-origin requests keep the referrer (the app's own navigation); no other site ever sees our paths.
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (config.publicUrl.startsWith('https://')) headers['strict-transport-security'] = HSTS;
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance, config: Pick<AppConfig, 'publicUrl'>): void {
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of Object.entries(baseSecurityHeaders(config, request.url))) reply.raw.setHeader(name, value);
    done();
  });
}
