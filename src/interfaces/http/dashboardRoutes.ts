import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ControlSurface } from '../../app/services/controlSurface.ts';
import { InputError } from '../../app/sharedWithInterfaces.ts';
import type { MetricsRegistry } from './metricsRegistry.ts';

export interface DashboardOptions {
  /** How often a live-update stream looks for a change, ms (it also pushes at once after an admin command). */
  readonly liveUpdateMs?: number;
}

/** The page's own files (HTML, CSS, JS: no build step). */
const PAGE_DIRECTORY = fileURLToPath(new URL('./dashboard/', import.meta.url));
/** The charting library's self-contained production bundle, served from node_modules: no CDN, works offline. */
const CHARTS_BUNDLE = join(dirname(createRequire(import.meta.url).resolve('lightweight-charts/package.json')), 'dist', 'lightweight-charts.standalone.production.js');
/** The page loads only its own files and talks only to this server. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

/**
 * The Risk & Resilience dashboard: the page at /dashboard/, its snapshot at /api/dashboard (the
 * services behind `rampart status` and /metrics) and the same snapshot pushed as server-sent events
 * at /api/stream whenever it changes. The kill switch on the page posts to the admin route with the
 * token the operator types; nothing here holds a token.
 */
export async function registerDashboardRoutes(app: FastifyInstance, surface: ControlSurface, metrics: MetricsRegistry, options: DashboardOptions = {}): Promise<void> {
  const liveUpdateMs = options.liveUpdateMs ?? 2000;
  const snapshot = async (): Promise<unknown> => ({ ...(await surface.dashboard()), failoverEventsTotal: await metrics.failoverEventsTotal() });
  const charts = await readFile(CHARTS_BUNDLE);

  for (const path of ['/', '/dashboard']) app.get(path, async (_request, reply) => reply.redirect('/dashboard/'));
  await app.register(fastifyStatic, { root: PAGE_DIRECTORY, prefix: '/dashboard/', index: 'index.html' });
  app.get('/dashboard/vendor/lightweight-charts.js', async (_request, reply) => reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(charts));
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/dashboard/')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('x-content-type-options', 'nosniff');
    return payload;
  });

  app.get('/api/dashboard', snapshot);
  app.get('/api/figures', async () => surface.figures());
  app.get('/api/stress', async () => surface.stress());
  app.get('/api/equity', async (request) => ({ points: await surface.equity(accountOf(surface, request)) }));

  const streams = new Set<() => void>();
  // Open streams would keep close() waiting for ever: end them first.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  app.get('/api/stream', (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let last = '';
    let running = false;
    let again = false;
    let ended = false;
    const push = async (): Promise<void> => {
      if (ended) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const current = (await snapshot()) as { atMs: number };
        if (ended) return;
        // The snapshot's time changes at every read: compared without it, an unchanged store sends a heartbeat only.
        const figures = JSON.stringify({ ...current, atMs: 0 });
        if (figures !== last) raw.write(`event: snapshot\ndata: ${JSON.stringify(current)}\n\n`);
        else raw.write(`event: heartbeat\ndata: ${JSON.stringify({ atMs: current.atMs })}\n\n`); // also keeps proxies from closing an idle stream
        last = figures;
      } catch (error) {
        // The page shows the failure; the detail stays server-side (a store error may name its location).
        if (!ended) raw.write(`event: failure\ndata: ${JSON.stringify({ error: error instanceof InputError ? error.message : 'the snapshot could not be read' })}\n\n`);
      } finally {
        running = false;
        if (again) {
          again = false;
          void push();
        }
      }
    };
    const timer = setInterval(() => void push(), liveUpdateMs);
    const unsubscribe = surface.onOperatorCommand(() => void push());
    const end = (): void => {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      unsubscribe();
      streams.delete(end);
      raw.end();
    };
    streams.add(end);
    request.raw.on('close', end);
    void push();
  });
}

function accountOf(surface: ControlSurface, request: FastifyRequest): string {
  const account = (request.query as Record<string, string | undefined>).account;
  if (account === undefined || !surface.accounts.includes(account)) throw new InputError(`account must be one the config trades (${surface.accounts.join(', ')}), was ${account === undefined ? 'missing' : `"${account}"`}`, { keyPath: 'account', ...(account !== undefined ? { value: account } : {}) });
  return account;
}
