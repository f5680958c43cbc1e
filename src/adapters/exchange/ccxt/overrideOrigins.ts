import type { Exchange } from 'ccxt';

// Rehearsals (`--base-url`, `--ws-url`) point a ccxt client at a local venue by rewriting the origins
// of its `urls.api` table, so every request and stream of the real client goes there, none elsewhere.

/** Points every REST URL at `baseUrl`, keeping the paths (`/fapi/v1`, `/sapi/v1`); websocket URLs stay. */
export function overrideRestOrigin(exchange: Exchange, baseUrl: string): void {
  rewriteOrigins(exchange, /^https?:\/\/[^/]+/, originOf(baseUrl, ['http:', 'https:'], 'base URL'));
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

// Textual, not through URL: some venues' templates (`wss://stream.{hostname}/v5`) are not valid URLs yet.
function rewriteOrigins(exchange: Exchange, originPattern: RegExp, origin: string): void {
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string' && originPattern.test(value)) return (origin + value.replace(originPattern, '')).replace(/\/$/, '');
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    return value;
  };
  const urls = exchange.urls as { api: unknown };
  urls.api = rewrite(urls.api);
}
