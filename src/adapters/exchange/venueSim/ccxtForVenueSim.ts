import { Agent } from 'node:http';
import ccxt from 'ccxt';
import type { VenueSim } from './startVenueSim.ts';

export type VenueSimCcxtClient = InstanceType<typeof ccxt.pro.binanceusdm>;

const REST_APIS: Record<string, string> = {
  fapiPublic: '/fapi/v1',
  fapiPublicV2: '/fapi/v2',
  fapiPublicV3: '/fapi/v3',
  fapiPrivate: '/fapi/v1',
  fapiPrivateV2: '/fapi/v2',
  fapiPrivateV3: '/fapi/v3',
  fapiData: '/futures/data',
  // Binance's wallet API (api.binance.com/sapi/v1), e.g. the key's permissions: the sim serves it too.
  sapi: '/sapi/v1',
};

/**
 * A real ccxt `binanceusdm` client (the pro class: REST and websockets) pointed at a venue simulator.
 * Besides the URLs it fixes two things ccxt decides from the hostname: a plain ws:// URL needs an
 * http agent, and Binance error codes are mapped by the USDT-M table only for `https://fapi.binance.com`
 * (and by the spot table for the `https://api.binance.com` SAPI host), so the sim's answers are mapped
 * with those same tables (-2019 → InsufficientFunds, -4164 → InvalidOrder…) exactly as in production.
 */
export function createCcxtClientForVenueSim(
  sim: Pick<VenueSim, 'url' | 'wsUrl'>,
  credentials: { apiKey: string; secret: string },
  extraOptions: Record<string, unknown> = {},
): VenueSimCcxtClient {
  const exchange = new ccxt.pro.binanceusdm({
    apiKey: credentials.apiKey,
    secret: credentials.secret,
    enableRateLimit: false,
    options: { fetchCurrencies: false, ...extraOptions },
  });
  const api = exchange.urls['api'] as Record<string, unknown>;
  for (const [name, suffix] of Object.entries(REST_APIS)) api[name] = sim.url + suffix;
  const ws = { ...(api['ws'] as Record<string, unknown>) };
  ws['future'] = sim.wsUrl;
  api['ws'] = ws;
  // What `await exchange.loadHttpProxyAgent()` does, kept synchronous so the factory stays a plain function.
  exchange.httpAgent = new Agent();
  const exceptions = exchange.exceptions as Record<string, Record<string, Record<string, unknown>>>;
  exchange.getExceptionsByUrl = (url, exactOrBroad) => {
    if (url === undefined || !url.startsWith(sim.url)) return {};
    const marketType = url.startsWith(`${sim.url}/sapi/`) ? 'spot' : 'linear';
    return exceptions[marketType]?.[exactOrBroad] ?? {};
  };
  // ccxt schedules the listenKey keepalive (every 20 min) with a plain setTimeout that close() leaves
  // behind; unref'd, it still fires while the process runs but no longer keeps a finished test alive.
  exchange.delay = (timeoutMs: number, method: unknown, ...args: unknown[]) => {
    setTimeout(() => {
      exchange.spawn(method, ...args);
    }, timeoutMs).unref();
  };
  return exchange;
}
