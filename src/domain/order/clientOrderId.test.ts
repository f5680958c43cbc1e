import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CLIENT_ORDER_ID_PATTERN, clientOrderId, parseClientOrderId } from './clientOrderId.ts';

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

  test('carries the store instance id: valid, at most 36 chars, deterministic, and parsed back to that instance', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.integer({ min: 0, max: 2 ** 45 }), fc.nat(), fc.stringMatching(/^[0-9a-z]{8}$/), (account, sleeve, symbol, timeMs, sequence, instanceId) => {
        const id = clientOrderId({ account, sleeve, symbol, timeMs, sequence, instanceId });
        assert.match(id, CLIENT_ORDER_ID_PATTERN, `id ${id} must match the Binance pattern`);
        assert.ok(id.startsWith(`rp-${instanceId}-`) && id.length <= 36, `id ${id} must carry the instance and be at most 36 chars`);
        assert.equal(clientOrderId({ account, sleeve, symbol, timeMs, sequence, instanceId }), id, 'same inputs, same id');
        assert.deepEqual(parseClientOrderId(id), { instanceId }, 'the instance is read back from the id');
      }),
    );
  });

  test('gives another store another id for the same order, and tells ids of before instance ids and foreign ids apart', () => {
    const ours = clientOrderId({ ...base, instanceId: '0a1b2c3d' });
    const theirs = clientOrderId({ ...base, instanceId: '9f8e7d6c' });
    assert.notEqual(ours, theirs, 'two stores never share an id, so each recognises its own orders');
    assert.notEqual(ours, clientOrderId(base), 'nor does the instance-less form');
    assert.deepEqual(parseClientOrderId(clientOrderId(base)), { instanceId: null }, 'an id stored before instance ids is still a Rampart id');
    assert.equal(parseClientOrderId('manual-1'), undefined, 'a hand-placed order is no Rampart id');
    assert.equal(parseClientOrderId('rp-short'), undefined, 'nor is a look-alike');
    assert.throws(() => clientOrderId({ ...base, instanceId: 'BAD' }), /instanceId must be 8/);
  });

  test('refuses a non-finite time', () => {
    assert.throws(() => clientOrderId({ ...base, timeMs: Number.NaN }), /timeMs must be finite/);
  });
});
