import Fastify, { type FastifyInstance } from 'fastify';
import type { ControlSurface } from '../../app/services/controlSurface.ts';
import { InputError } from '../../app/sharedWithInterfaces.ts';
import { registerAdminRoutes, type AdminOptions } from './adminRoutes.ts';
import { bearerMatches } from './bearerToken.ts';
import { registerDashboardRoutes, type DashboardOptions } from './dashboardRoutes.ts';
import { MetricsRegistry } from './metricsRegistry.ts';
import { registerReadApi } from './readApiRoutes.ts';

export interface HttpServerOptions {
  /** Admin routes are mounted only with a token (RAMPART_ADMIN_TOKEN). */
  readonly admin?: AdminOptions;
  /** RAMPART_READ_TOKEN: when set, /api/ reads need it (or the admin token); /health, /ready and /metrics stay open. */
  readonly readToken?: string;
  /** The Risk & Resilience page and its live updates. */
  readonly dashboard?: DashboardOptions;
}

/**
 * The HTTP surface of a runner (`run --http`) or a store (`serve`): /health, /ready, /metrics and the
 * JSON API, plus the admin commands when a token is configured. Fastify's own request log is off: a
 * logged Authorization header would leak the token.
 */
export async function createHttpServer(surface: ControlSurface, options: HttpServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const metrics = new MetricsRegistry(surface);
  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof InputError) return reply.code(400).send({ error: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: (error as Error).message });
    return reply.code(500).send({ error: 'internal error' });
  });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const readiness = await surface.readiness();
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });
  app.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.contentType).send(await metrics.scrape()));
  const readToken = options.readToken;
  if (readToken !== undefined) {
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/api/') || request.url.startsWith('/api/admin/')) return;
      const header = request.headers.authorization;
      if (bearerMatches(header, readToken) || (options.admin !== undefined && bearerMatches(header, options.admin.adminToken))) return;
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    });
  }
  registerReadApi(app, surface);
  await registerDashboardRoutes(app, surface, metrics, options.dashboard);
  if (options.admin !== undefined) await registerAdminRoutes(app, surface, { ...options.admin, ...(readToken !== undefined ? { readToken } : {}) });
  return app;
}
