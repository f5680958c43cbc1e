import assert from 'node:assert/strict';
import { test } from 'node:test';
import ccxt, { type Exchange } from 'ccxt';
import { overrideRestOrigin, overrideWsOrigin, wsOriginOf } from './overrideOrigins.ts';

function urlStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(urlStrings);
  return [];
}

for (const id of ['binanceusdm', 'bybit', 'okx'] as const) {
  test(`${id}: with both overrides no REST or websocket URL points at the production host, and the paths are kept`, () => {
    const exchange = new (ccxt.pro as unknown as Record<string, new (config: object) => Exchange>)[id]({});
    const before = urlStrings(exchange.urls.api);
    overrideRestOrigin(exchange, 'http://127.0.0.1:9000');
    overrideWsOrigin(exchange, wsOriginOf('http://127.0.0.1:9000'));
    const after = urlStrings(exchange.urls.api);
    assert.equal(after.length, before.length, 'every URL is still there');
    const foreign = after.filter((url) => /^(https?|wss?):\/\//.test(url) && !url.startsWith('http://127.0.0.1:9000') && !url.startsWith('ws://127.0.0.1:9000'));
    assert.deepEqual(foreign, [], 'every URL goes to the local venue');
    if (id === 'binanceusdm') {
      const api = exchange.urls.api as unknown as { fapiPrivate: string; ws: { future: string } };
      assert.equal(api.fapiPrivate, 'http://127.0.0.1:9000/fapi/v1');
      assert.equal(api.ws.future, 'ws://127.0.0.1:9000/ws', "the user stream's path stays /ws");
    }
  });
}

test('the websocket origin of a base URL keeps host and port and matches its security', () => {
  assert.equal(wsOriginOf('http://127.0.0.1:9000'), 'ws://127.0.0.1:9000');
  assert.equal(wsOriginOf('https://venue.example:8443/any/path'), 'wss://venue.example:8443');
  assert.throws(() => wsOriginOf('ftp://127.0.0.1'), /base URL must start with http:\/\/ or https:\/\//);
});

test("binanceusdm: errors from the local venue are looked up in the table ccxt uses for the production host they replace", () => {
  const production = new ccxt.pro.binanceusdm({});
  const local = new ccxt.pro.binanceusdm({});
  overrideRestOrigin(local, 'http://127.0.0.1:9000');
  for (const [localUrl, productionUrl] of [
    ['http://127.0.0.1:9000/fapi/v1/order?symbol=BTCUSDT', 'https://fapi.binance.com/fapi/v1/order?symbol=BTCUSDT'],
    ['http://127.0.0.1:9000/sapi/v1/account/apiRestrictions', 'https://api.binance.com/sapi/v1/account/apiRestrictions'],
  ]) {
    const expected = production.getExceptionsByUrl(productionUrl, 'exact');
    assert.ok(Object.keys(expected).length > 0, `ccxt has a code table for ${productionUrl}`);
    assert.deepEqual(local.getExceptionsByUrl(localUrl, 'exact'), expected, `${localUrl} maps like ${productionUrl}`);
  }
  assert.ok('-2019' in local.getExceptionsByUrl('http://127.0.0.1:9000/fapi/v1/order', 'exact'), 'margin insufficient (-2019) is known on the local order route');
  assert.deepEqual(local.getExceptionsByUrl('http://elsewhere:1/fapi/v1/order', 'exact'), {}, 'an unrelated host stays unmapped');
});
