import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ControlSurface } from '../../app/services/controlSurface.ts';
import { InputError } from '../../app/sharedWithInterfaces.ts';
import { bearerMatches } from './bearerToken.ts';

export interface AdminOptions {
  /** RAMPART_ADMIN_TOKEN: the bearer token of the admin routes. */
  readonly adminToken: string;
  /** A read token (RAMPART_READ_TOKEN), when set: valid for reading, refused (403) on admin routes. */
  readonly readToken?: string;
  /** Admin requests per client address per window, bad tokens included. */
  readonly maxRequestsPerWindow?: number;
  readonly windowMs?: number;
}

interface CommandBody {
  reason?: unknown;
  account?: unknown;
  flatten?: unknown;
}

/**
 * `POST /admin/kill-switch|flatten|reset` and `/admin/go-live/deactivate` (also under `/api/admin/kill|flatten|reset|go-live/deactivate`): the operator commands of the CLI, recorded the same way, behind a
 * bearer token compared in constant time, and a rate limit counted before the token is looked at (a
 * guesser is slowed whether or not it guesses right). Answers 401/403 carry no detail.
 */
export async function registerAdminRoutes(app: FastifyInstance, surface: ControlSurface, options: AdminOptions): Promise<void> {
  await app.register(rateLimit, { global: false });
  const limit = { rateLimit: { max: options.maxRequestsPerWindow ?? 20, timeWindow: options.windowMs ?? 60_000 } };
  const authorize = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (bearerMatches(header, options.adminToken)) return;
    if (options.readToken !== undefined && bearerMatches(header, options.readToken)) {
      await reply.code(403).send({ error: 'forbidden' });
      return;
    }
    await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
  };
  // Each command answers at the seeds' path (`/admin/kill-switch`, as the operator manual names it) and under `/api/admin/`.
  const commandPaths = { kill: ['/admin/kill-switch', '/api/admin/kill'], flatten: ['/admin/flatten', '/api/admin/flatten'], reset: ['/admin/reset', '/api/admin/reset'] } as const;
  for (const [kind, path] of (['kill', 'flatten', 'reset'] as const).flatMap((kind) => commandPaths[kind].map((path) => [kind, path] as const))) {
    app.post(path, { config: limit, preHandler: authorize }, async (request) => {
      const body = (request.body ?? {}) as CommandBody;
      const reason = typeof body.reason === 'string' ? body.reason : kind === 'flatten' ? 'manual flatten' : '';
      if (kind !== 'flatten' && reason.trim() === '') throw new InputError(`reason is required for ${kind}`, { keyPath: 'reason' });
      if (body.account !== undefined && typeof body.account !== 'string') throw new InputError('account must be a string', { keyPath: 'account' });
      if (body.flatten !== undefined && typeof body.flatten !== 'boolean') throw new InputError('flatten must be true or false', { keyPath: 'flatten' });
      if (body.flatten === true && kind !== 'kill') throw new InputError('flatten goes with kill only', { keyPath: 'flatten' });
      const accounts = await surface.operatorCommand({ kind, reason, ...(typeof body.account === 'string' ? { account: body.account } : {}), flatten: body.flatten === true });
      return { recorded: kind, accounts, reason, flatten: body.flatten === true };
    });
  }
  for (const path of ['/admin/go-live/deactivate', '/api/admin/go-live/deactivate']) app.post(path, { config: limit, preHandler: authorize }, async (request) => {
    const body = (request.body ?? {}) as CommandBody;
    if (typeof body.reason !== 'string' || body.reason.trim() === '') throw new InputError('reason is required for go-live deactivate', { keyPath: 'reason' });
    if (body.account !== undefined && typeof body.account !== 'string') throw new InputError('account must be a string', { keyPath: 'account' });
    const accounts = await surface.deactivateGoLive({ reason: body.reason, ...(typeof body.account === 'string' ? { account: body.account } : {}) });
    return { recorded: 'go-live deactivate', accounts, reason: body.reason.trim() };
  });
}
