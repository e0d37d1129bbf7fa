import type { LoggerOptions } from 'pino';

/**
 * Structured JSON logs. Requests are logged by method, route and status only: query strings,
 * bodies, cookies and authorization headers may carry personal data or secrets and never appear.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'body', 'applicant', 'email', 'password', '*.email', '*.password'],
      censor: '[entfernt]',
    },
    serializers: {
      req(req: { id: string; method: string; routeOptions?: { url?: string }; url: string }) {
        return { id: req.id, method: req.method, route: req.routeOptions?.url ?? req.url.split('?')[0] };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
