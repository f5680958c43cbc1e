import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CLIENT_ORDER_ID_PATTERN, clientOrderId } from './clientOrderId.ts';

const base = { account: 'main', sleeve: 'BTC', symbol: 'BTCUSDT', timeMs: 1_700_000_000_000, sequence: 0 };

describe('clientOrderId', () => {
  test('gives the same id for the same order, so a restart resends under the same id', () => {
    assert.equal(clientOrderId(base), clientOrderId({ ...base }), 'same inputs, same id');
  });

  test('is valid for Binance newClientOrderId and starts with rp-', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.integer({ min: 0, max: 2 ** 45 }), fc.nat(), (account, sleeve, symbol, timeMs, sequence) => {
        const id = clientOrderId({ account, sleeve, symbol, timeMs, sequence });
        assert.match(id, CLIENT_ORDER_ID_PATTERN, `id ${id} must match the Binance pattern`);
        assert.ok(id.startsWith('rp-') && id.length <= 36, `id ${id} must be prefixed and at most 36 chars`);
      }),
    );
  });

  test('differs when any identifying field differs', () => {
    const ids = new Set([
      clientOrderId(base),
      clientOrderId({ ...base, account: 'other' }),
      clientOrderId({ ...base, sleeve: 'ETH' }),
      clientOrderId({ ...base, symbol: 'ETHUSDT' }),
      clientOrderId({ ...base, timeMs: base.timeMs + 1 }),
      clientOrderId({ ...base, sequence: 1 }),
      // Field boundaries matter: "ab"+"c" must not collide with "a"+"bc".
      clientOrderId({ ...base, account: 'mainB', sleeve: 'TC' }),
    ]);
    assert.equal(ids.size, 7, 'every variation must give a distinct id');
  });

  test('refuses a non-finite time', () => {
    assert.throws(() => clientOrderId({ ...base, timeMs: Number.NaN }), /timeMs must be finite/);
  });
});
