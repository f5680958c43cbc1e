import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ControlSurface } from '../../app/services/controlSurface.ts';
import { InputError } from '../../app/sharedWithInterfaces.ts';

type Query = Record<string, string | undefined>;

/** `/api/…`: read-only JSON from the services the CLI uses. */
export function registerReadApi(app: FastifyInstance, surface: ControlSurface): void {
  const accountOf = (request: FastifyRequest): string | undefined => {
    const account = (request.query as Query).account;
    if (account !== undefined && !surface.accounts.includes(account)) throw new InputError(`account must be one the config trades (${surface.accounts.join(', ')}), was "${account}"`, { keyPath: 'account', value: account });
    return account;
  };
  app.get('/api/status', async () => ({ accounts: await surface.status() }));
  app.get('/api/positions', async (request) => ({ positions: await surface.positions(accountOf(request)) }));
  app.get('/api/orders', async (request) => surface.orders({ ...pageOf(request.query as Query), ...optional('account', accountOf(request)) }));
  app.get('/api/trades', async (request) => surface.trades({ ...pageOf(request.query as Query), ...rangeOf(request.query as Query), ...optional('account', accountOf(request)) }));
  app.get('/api/risk', async () => ({ accounts: await surface.risk() }));
  app.get('/api/decisions', async (request) => surface.decisions({ ...pageOf(request.query as Query), ...rangeOf(request.query as Query) }));
  app.get('/api/incidents', async (request) => surface.incidents({ ...pageOf(request.query as Query), ...rangeOf(request.query as Query) }));
  app.get('/api/reports', async (request) => {
    const period = (request.query as Query).period ?? 'daily';
    if (period !== 'daily' && period !== 'weekly' && period !== 'monthly') throw new InputError(`period must be daily, weekly or monthly, was "${period}"`, { keyPath: 'period', value: period });
    return { report: await surface.report(period) };
  });
  app.get('/api/risk-guard', async (request) => surface.riskGuard({ ...pageOf(request.query as Query), ...optional('account', accountOf(request)) }));
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function integer(query: Query, key: string): number | undefined {
  const text = query[key];
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new InputError(`${key} must be a non-negative integer, was "${text}"`, { keyPath: key, value: text });
  return Number(text);
}

function pageOf(query: Query): { offset?: number; limit?: number } {
  const offset = integer(query, 'offset');
  const limit = integer(query, 'limit');
  return { ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) };
}

/** `from` and `to` as ISO times or epoch ms. */
function rangeOf(query: Query): { fromMs?: number; toMs?: number } {
  const time = (key: 'from' | 'to'): number | undefined => {
    const text = query[key];
    if (text === undefined) return undefined;
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms)) throw new InputError(`${key} must be an ISO-8601 time or epoch milliseconds, was "${text}"`, { keyPath: key, value: text });
    return ms;
  };
  const fromMs = time('from');
  const toMs = time('to');
  return { ...(fromMs !== undefined ? { fromMs } : {}), ...(toMs !== undefined ? { toMs } : {}) };
}
