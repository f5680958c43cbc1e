import type { Exchange } from 'ccxt';

// Rehearsals (`--base-url`, `--ws-url`) point a ccxt client at a local venue by rewriting the origins
// of its `urls.api` table, so every request and stream of the real client goes there, none elsewhere.

/**
 * Points every REST URL at `baseUrl`, keeping the paths (`/fapi/v1`, `/sapi/v1`); websocket URLs stay.
 * ccxt picks a venue's error-code table by the request's host (Binance: fapi.binance.com → USDT-M,
 * api.binance.com → spot), so error look-ups see the production URL a local one replaced, and a
 * rehearsal's -2019 or -4164 becomes the same ccxt error as in production.
 */
export function overrideRestOrigin(exchange: Exchange, baseUrl: string): void {
  const replaced = rewriteOrigins(exchange, /^https?:\/\/[^/]+/, originOf(baseUrl, ['http:', 'https:'], 'base URL'));
  // Longest local prefix first: /fapi/v2 before /fapi.
  const prefixes = [...replaced].sort(([a], [b]) => b.length - a.length);
  // Only some venues (Binance) choose error tables by URL.
  if (typeof (exchange as Partial<Exchange>).getExceptionsByUrl !== 'function') return;
  const byUrl = exchange.getExceptionsByUrl.bind(exchange);
  exchange.getExceptionsByUrl = (url: string, exactOrBroad: string) => {
    const match = url === undefined ? undefined : prefixes.find(([local]) => url === local || url.startsWith(`${local}/`) || url.startsWith(`${local}?`));
    return byUrl(match === undefined ? url : match[1] + url.slice(match[0].length), exactOrBroad);
  };
}

/** Points every websocket URL at `wsUrl`'s origin, keeping the paths (`/ws`, `/ws-fapi/v1`); REST URLs stay. */
export function overrideWsOrigin(exchange: Exchange, wsUrl: string): void {
  rewriteOrigins(exchange, /^wss?:\/\/[^/]+/, originOf(wsUrl, ['ws:', 'wss:'], 'websocket URL'));
}

/** The websocket origin of a REST base URL: same host and port, ws for http and wss for https. */
export function wsOriginOf(baseUrl: string): string {
  const url = new URL(originOf(baseUrl, ['http:', 'https:'], 'base URL'));
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}

function originOf(text: string, protocols: readonly string[], what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new RangeError(`${what} must be an absolute URL (${protocols.map((protocol) => `${protocol}//`).join(' or ')}host:port), was "${text}"`, { cause: error });
  }
  if (!protocols.includes(url.protocol)) throw new RangeError(`${what} must start with ${protocols.map((protocol) => `${protocol}//`).join(' or ')}, was "${text}"`);
  return url.origin;
}

/**
 * Rewrites the origin of every matching URL of `urls.api` and returns each new URL with the one it
 * replaced (the first, where several production URLs now share one local URL). Textual, not through
 * URL: some venues' templates (`wss://stream.{hostname}/v5`) are not valid URLs yet.
 */
function rewriteOrigins(exchange: Exchange, originPattern: RegExp, origin: string): Map<string, string> {
  const replaced = new Map<string, string>();
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string' && originPattern.test(value)) {
      const original = value.replace(/\/$/, '');
      const local = (origin + value.replace(originPattern, '')).replace(/\/$/, '');
      if (!replaced.has(local)) replaced.set(local, original);
      return local;
    }
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    return value;
  };
  const urls = exchange.urls as { api: unknown };
  urls.api = rewrite(urls.api);
  return replaced;
}
