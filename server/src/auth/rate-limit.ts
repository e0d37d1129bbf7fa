import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config.js';
import type { AppInstance } from '../http/app-types.js';
import { AppError } from '../shared/errors.js';

/**
 * Registers the rate limiter for the sign-in routes of this plugin scope only. It runs after the
 * body is parsed, so attempts are counted per IP address + municipality + e-mail address.
 */
export async function installLoginRateLimit(app: AppInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    hook: 'preValidation',
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError('rate_limited', {
        detail: `Zu viele Anmeldeversuche. Bitte warten Sie ${seconds} Sekunden und versuchen Sie es dann erneut.`,
        extra: { retryAfterSeconds: seconds },
      });
    },
  });
}

function bodyField(request: FastifyRequest, name: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/** Route option `config.rateLimit` for a sign-in route; scope separates staff and operator sign-in. */
export function loginRateLimit(config: AppConfig, scope: string) {
  return {
    max: config.loginRateLimit.max,
    timeWindow: config.loginRateLimit.timeWindowMs,
    keyGenerator: (request: FastifyRequest) => `${scope}|${request.ip}|${bodyField(request, 'tenant')}|${bodyField(request, 'email')}`,
  };
}
