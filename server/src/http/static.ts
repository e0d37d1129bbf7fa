import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppInstance } from './app-types.js';
import { AppError, toProblem } from '../shared/errors.js';
import { WEB_APP_CSP } from './security-headers.js';

/** web/dist of this checkout; AMTSDESK_WEB_DIR points elsewhere (e.g. a container image). */
export function defaultWebDir(): string {
  return process.env.AMTSDESK_WEB_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
}

/** Paths the single-page app must never answer: the API and the intake endpoints keep their 404s. */
const NOT_SPA = /^\/(api|antrag)(\/|$)/;


const NOT_BUILT_PAGE = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Amtsdesk</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Amtsdesk</h1>
<p>Die Web-Oberfläche ist nicht gebaut. Bitte führen Sie <code>npm run build -w web</code> aus und starten Sie den Server neu.</p>
<p>Die API ist erreichbar; ihre Dokumentation finden Sie unter <a href="/api/docs">/api/docs</a>.</p>
</body></html>`;

function sendProblem(request: FastifyRequest, reply: FastifyReply) {
  const err = new AppError('not_found', { detail: 'Diese Adresse gibt es nicht.' });
  return reply.status(404).header('content-type', 'application/problem+json; charset=utf-8').send(toProblem(err, request.url.split('?')[0]));
}

/** The file under root that a URL path names, or null (also for any attempt to leave root). */
function fileIn(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  if (full !== root && !full.startsWith(root + sep)) return null;
  try {
    return statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built web app at "/": real files from web/dist, index.html for every other path
 * (client-side routes such as /vorgaenge/…), hashed assets with a one-year immutable cache.
 */
export async function staticWebRoutes(app: AppInstance, webDir = defaultWebDir()): Promise<void> {
  const root = resolve(webDir);
  await app.register(fastifyStatic, { root, serve: false });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    if (NOT_SPA.test(urlPath)) return sendProblem(request, reply);
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      return reply.status(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', WEB_APP_CSP).send(NOT_BUILT_PAGE);
    }
    const file = urlPath === '/' ? null : fileIn(root, urlPath);
    if (file && file !== index) {
      const rel = file.slice(root.length + 1);
      if (rel.startsWith(`assets${sep}`)) return reply.sendFile(rel, { maxAge: 365 * 24 * 3600 * 1000, immutable: true });
      return reply.sendFile(rel, { maxAge: 3600 * 1000 });
    }
    // A missing script or stylesheet must not receive the HTML page (browsers would try to run it).
    if (urlPath.startsWith('/assets/') || (extname(urlPath) && extname(urlPath) !== '.html')) return sendProblem(request, reply);
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_APP_CSP)
      .sendFile('index.html', { cacheControl: false });
  };

  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
}
